# A night run without --sign, checked with --pubkey: no signature at all
# (exit 6), though every member holds.
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
