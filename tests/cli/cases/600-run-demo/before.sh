# the nightly run on the demo books and their week of statements
cp -r "$top_srcdir/fixtures/demo/." .
