# a credit note for an invoice the customer does not have, and for one before it was issued
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
