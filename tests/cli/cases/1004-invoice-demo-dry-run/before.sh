# the demo company's December billing, checked and numbered: nothing posted, no file written
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
