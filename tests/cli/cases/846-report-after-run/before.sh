# The demo night: `clerk run` imports the week's five statements (and
# records five notices) as one posted/NNNNNN-run-HASH.journal. The report's
# "Last import" is the run's: five statements, 12 movements.
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
ls posted/000001-run-*.journal
