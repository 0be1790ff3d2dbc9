# The signature file beside the pack was lost: the MANIFEST's signature
# inside still holds, the missing file is named (exit 6).
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign clerk.key || rc=$?
[ $rc -eq 5 ]
rm out/packs/clerk-2026-11-28.zip.minisig
