# --dry-run -O csv prints the decisions table and writes nothing
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
