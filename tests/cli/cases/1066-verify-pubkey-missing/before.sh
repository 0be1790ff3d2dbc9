# A public key file that is not there: exit 3, nothing checked.
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign clerk.key || rc=$?
[ $rc -eq 5 ]
