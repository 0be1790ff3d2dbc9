# Monday's statement imported with `clerk import`, then the night runs on
# the other four: the last import is the run's (statements 2026-0228 to
# 2026-0231, 10 movements), not Monday's import.
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
rm inbox/2026-11-23-camt053.xml
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
ls posted/000001-import-*.journal posted/000002-run-*.journal
