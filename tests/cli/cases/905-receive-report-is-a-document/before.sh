# --report naming one of the documents would overwrite it: refused before anything is written
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
