# The night of 26 November runs on Monday to Thursday's statements; Friday's
# arrives late and is imported with `clerk import`: the last import is that
# one statement (2026-0231, 2 movements), not the run.
cp -r "$top_srcdir/fixtures/demo/." .
mv inbox/2026-11-27-camt053.xml late.xml
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-26 || rc=$?
[ $rc -eq 5 ]
"$CLERK" import -q -f books.journal late.xml
ls posted/000001-run-*.journal posted/000002-import-*.journal
