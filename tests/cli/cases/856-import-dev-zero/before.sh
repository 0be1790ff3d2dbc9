# a device as the statement: refused at once (it used to spin for ever)
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
