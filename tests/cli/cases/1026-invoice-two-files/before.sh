# two billing files in one call: numbered together, one commit
cp -r "$top_srcdir/fixtures/demo/." .
