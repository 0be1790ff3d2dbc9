# a document that does not exist: exit 3, nothing written (not even the bill before it)
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
