# one page to a pipe or file is allowed (not to a terminal)
cp -r "$top_srcdir/fixtures/demo/." .
