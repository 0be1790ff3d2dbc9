# A number the books do not know: exit 1, nothing on standard output.
cp -r "$top_srcdir/fixtures/demo/." .
