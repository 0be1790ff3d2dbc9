# A forged pack: decisions.csv changed and the MANIFEST rewritten to match
# it, the old MANIFEST.minisig kept. Without a key this passes; with it,
# the MANIFEST's signature and the file's both fail (exit 1).
command -v zip >/dev/null && command -v unzip >/dev/null || { echo "zip and unzip are needed"; exit 77; }
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign clerk.key || rc=$?
[ $rc -eq 5 ]
mkdir x
(cd x && unzip -q ../out/packs/clerk-2026-11-28.zip)
sed -i '2s/,/;/' x/decisions.csv
sum=$(sha256sum x/decisions.csv | cut -c1-64)
size=$(stat -c %s x/decisions.csv)
sed -i "s/^[0-9a-f]\{64\}  [0-9]*  decisions.csv\$/$sum  $size  decisions.csv/" x/MANIFEST
rm out/packs/clerk-2026-11-28.zip
(cd x && zip -q -X ../out/packs/clerk-2026-11-28.zip MANIFEST $(find . -type f ! -name MANIFEST ! -name MANIFEST.minisig | sed 's|^\./||' | LC_ALL=C sort) MANIFEST.minisig)
rm -rf x
"$CLERK" verify out/packs/clerk-2026-11-28.zip >/dev/null
