# A pack of an older Clerk, without books.tsv (made by the Clerk before the
# member, on the demo night of Saturday), still verifies with -f: the
# night is re-run on today's books as before, without the file check.
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
cp "$top_srcdir/tests/cli/fixtures/packs/demo-2026-11-28-without-books-tsv.zip" old.zip
