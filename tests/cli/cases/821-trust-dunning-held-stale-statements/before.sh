# the books' statements end on Monday the 23rd and nothing else arrives by
# Saturday: the night must not dun on five days old bank data
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
rm inbox/*.xml
