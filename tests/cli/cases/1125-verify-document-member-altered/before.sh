# A pack whose document was changed afterwards, its MANIFEST rewritten to
# match (so the pack alone verifies): clerk verify -f finds that the member
# is not the document the books record.
command -v zip >/dev/null && command -v unzip >/dev/null || { echo "zip and unzip are needed"; exit 77; }
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
"$CLERK" invoice -q -f books.journal billing-2026-11-30.csv
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-30
mkdir x
(cd x && unzip -q ../out/packs/clerk-2026-11-30.zip)
sed -i 's/148\.75/14.875/' x/documents/INV-2026-0094.html
! cmp -s x/documents/INV-2026-0094.html invoices/INV-2026-0094.html
sum=$(sha256sum x/documents/INV-2026-0094.html | cut -c1-64)
size=$(stat -c %s x/documents/INV-2026-0094.html)
sed -i "s|^[0-9a-f]\{64\}  [0-9]*  documents/INV-2026-0094.html\$|$sum  $size  documents/INV-2026-0094.html|" x/MANIFEST
grep -q "^$sum  $size  documents/INV-2026-0094.html\$" x/MANIFEST
rm out/packs/clerk-2026-11-30.zip
(cd x && zip -q -X ../out/packs/clerk-2026-11-30.zip MANIFEST $(find . -type f ! -name MANIFEST | sed 's|^\./||' | LC_ALL=C sort))
rm -rf x
"$CLERK" verify out/packs/clerk-2026-11-30.zip >/dev/null
