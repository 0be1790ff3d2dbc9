# not subject to VAT mixed with standard rate; reverse charge to a customer without a VAT id
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
