# One byte of a member changed (decisions.csv re-zipped with the rest):
# the MANIFEST and its signature still hold, the member does not, and the
# signature of the whole file does not match it (exit 1).
command -v zip >/dev/null && command -v unzip >/dev/null || { echo "zip and unzip are needed"; exit 77; }
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign clerk.key || rc=$?
[ $rc -eq 5 ]
mkdir x
(cd x && unzip -q ../out/packs/clerk-2026-11-28.zip)
sed -i '2s/,/;/' x/decisions.csv
rm out/packs/clerk-2026-11-28.zip
(cd x && zip -q -X ../out/packs/clerk-2026-11-28.zip MANIFEST $(find . -type f ! -name MANIFEST ! -name MANIFEST.minisig | sed 's|^\./||' | LC_ALL=C sort) MANIFEST.minisig)
rm -rf x
