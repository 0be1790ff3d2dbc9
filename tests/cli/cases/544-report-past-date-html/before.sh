# the week imported in one go, then the page as of Tuesday 24 November:
# only postings dated up to then count, the import included
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/*.xml
