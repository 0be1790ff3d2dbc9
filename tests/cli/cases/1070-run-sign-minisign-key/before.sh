# A night signed with a key made by minisign -G -W: clerk reads it, and its
# minisign public key checks the pack.
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign minisign.key || rc=$?
[ $rc -eq 5 ]
