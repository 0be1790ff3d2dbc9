# The pack's signature file made by minisign itself, prehashed (the
# default) and then legacy (-l): clerk accepts both.
command -v minisign >/dev/null || { echo "minisign is not installed"; exit 77; }
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign minisign.key || rc=$?
[ $rc -eq 5 ]
rm out/packs/clerk-2026-11-28.zip.minisig
minisign -S -s minisign.key -m out/packs/clerk-2026-11-28.zip -t 'signed by minisign' >/dev/null
"$CLERK" verify --pubkey minisign.pub out/packs/clerk-2026-11-28.zip >/dev/null
minisign -S -l -s minisign.key -m out/packs/clerk-2026-11-28.zip -t 'signed by minisign, legacy' >/dev/null
sed -n 2p out/packs/clerk-2026-11-28.zip.minisig | grep -q '^RW' # "Ed", not "ED" (RU...)
