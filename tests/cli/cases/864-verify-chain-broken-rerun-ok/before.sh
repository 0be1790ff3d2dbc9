# The demo night's pack checked against a "previous" pack that is the pack
# itself: the chain does not hold (its previous: is none), while the re-run
# on the books does. The pack as a whole does not hold, so nothing on
# standard output, not even the re-run's line (exit 1).
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
cp out/packs/clerk-2026-11-28.zip same.zip
