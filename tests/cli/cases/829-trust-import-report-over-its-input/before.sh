# a report written over the statement being imported: refused
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
