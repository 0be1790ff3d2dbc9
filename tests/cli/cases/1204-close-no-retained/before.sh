mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
snapshot_save
