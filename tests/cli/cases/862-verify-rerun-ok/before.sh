# The demo night's pack, verified with the re-run on the books after the
# night: every check holds, and only then standard output says so, in two
# lines (the pack, the re-run).
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
