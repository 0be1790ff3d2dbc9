# a mistyped party: the nearest party account is named
cp -r "$top_srcdir/fixtures/demo/." .
