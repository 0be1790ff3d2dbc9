# a bill in SEK: the books declare EUR and USD only: refused
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
