# Documents written outside the books' folder (--out sent, beside books/):
# the books record them as ../sent/NAME, relative to the root journal's
# folder, and the night reads them from there into documents/NAME.
mkdir books
cp -r "$top_srcdir/fixtures/demo/." books/
rc=0
"$CLERK" run -q -f books/books.journal --inbox books/inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
"$CLERK" invoice -q -f books/books.journal --out sent billing-2026-11-30.csv
[ ! -e books/invoices ]
