cp -r "$top_srcdir/fixtures/demo/." .
