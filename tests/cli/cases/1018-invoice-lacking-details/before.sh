# a customer without name, address or country: the e-invoice would break EN 16931: refused
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
