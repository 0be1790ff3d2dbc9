cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal s1.xml
