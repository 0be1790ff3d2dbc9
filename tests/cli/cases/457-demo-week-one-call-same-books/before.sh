# the week in one call gives the same books as one day at a time (the
# return on Friday finds Tuesday's payment in the same import)
cp -r "$top_srcdir/fixtures/demo/." .
mkdir daily && cp -r "$top_srcdir/fixtures/demo/." daily/
(cd daily && for d in 23 24 25 26 27; do "$CLERK" import -q -f books.journal inbox/2026-11-$d-camt053.xml; done)
