# the demo books after the night of 28 November (case 600): what the import,
# the matching and the dunning wrote is as clean as the books
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -f books.journal --inbox inbox --out out --date 2026-11-28 >/dev/null || rc=$?
[ "$rc" = 5 ] || fail "clerk run exited $rc"
ls posted/000001-run-*.journal >/dev/null
