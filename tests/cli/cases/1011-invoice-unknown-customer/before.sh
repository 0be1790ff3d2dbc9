# a customer the books do not have (and a vendor account): refused, nothing posted
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
