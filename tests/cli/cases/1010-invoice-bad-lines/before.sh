# every bad line is reported at its line and column, and nothing is posted
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
