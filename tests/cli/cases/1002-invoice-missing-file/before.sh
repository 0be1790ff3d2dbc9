# a billing file that is not there: an I/O error (exit 3), nothing written
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
