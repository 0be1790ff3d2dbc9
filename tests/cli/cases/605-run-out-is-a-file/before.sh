cp -r "$top_srcdir/fixtures/demo/." .
echo "not a folder" >out
snapshot_save
