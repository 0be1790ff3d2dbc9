# one billing file given twice: refused
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
