# The demo night's pack, forged consistently: a figure of
# aging-receivables.csv changed and the MANIFEST rewritten to match, so
# the hash check alone passes. The re-run on the books before the night
# makes another aging-receivables.csv: the pack does not hold, and nothing
# on standard output says "ok" (exit 1, the finding on stderr).
command -v zip >/dev/null && command -v unzip >/dev/null || { echo "zip and unzip are needed"; exit 77; }
cp -r "$top_srcdir/fixtures/demo/." .
cp -r "$top_srcdir/fixtures/demo" before
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
mkdir x
(cd x && unzip -q ../out/packs/clerk-2026-11-28.zip)
sed -i 's/^Alster Café GmbH,.*/Alster Café GmbH,forged/' x/aging-receivables.csv
sum=$(sha256sum <x/aging-receivables.csv | cut -c1-64)
size=$(stat -c %s x/aging-receivables.csv)
sed -i "s/^[0-9a-f]\{64\}  [0-9]*  aging-receivables.csv\$/$sum  $size  aging-receivables.csv/" x/MANIFEST
(cd x && zip -q -X -r ../forged.zip MANIFEST $(find . -type f ! -name MANIFEST | sed 's|^\./||' | LC_ALL=C sort))
rm -rf x
"$CLERK" verify forged.zip >/dev/null
