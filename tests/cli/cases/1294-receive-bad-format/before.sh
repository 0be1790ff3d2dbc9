# a bad -O is refused before anything is read or written
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
