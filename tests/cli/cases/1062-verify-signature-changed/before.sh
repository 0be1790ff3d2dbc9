# One character of the signature file's signature line changed: it no
# longer matches (exit 1); the MANIFEST's signature inside still holds.
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign clerk.key || rc=$?
[ $rc -eq 5 ]
awk 'NR==2 { c = substr($0, 20, 1); $0 = substr($0, 1, 19) (c == "A" ? "B" : "A") substr($0, 21) } { print }' out/packs/clerk-2026-11-28.zip.minisig >s && mv s out/packs/clerk-2026-11-28.zip.minisig
