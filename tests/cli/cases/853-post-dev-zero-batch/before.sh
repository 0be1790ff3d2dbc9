# a device as the batch: refused at once, never read
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
