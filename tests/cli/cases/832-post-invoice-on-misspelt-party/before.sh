cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
