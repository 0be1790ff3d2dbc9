# one document (key) in two currencies, and with two dates: refused
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
