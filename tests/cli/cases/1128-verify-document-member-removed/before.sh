# A pack from which a document was removed, with its MANIFEST line (so the
# pack alone verifies): clerk verify -f finds that documents.tsv lists it
# as archived and the pack does not hold it.
command -v zip >/dev/null && command -v unzip >/dev/null || { echo "zip and unzip are needed"; exit 77; }
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
"$CLERK" invoice -q -f books.journal billing-2026-11-30.csv
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-30
mkdir x
(cd x && unzip -q ../out/packs/clerk-2026-11-30.zip)
rm x/documents/CN-2026-0001.xml
sed -i '/  documents\/CN-2026-0001.xml$/d' x/MANIFEST
rm out/packs/clerk-2026-11-30.zip
(cd x && zip -q -X ../out/packs/clerk-2026-11-30.zip MANIFEST $(find . -type f ! -name MANIFEST | sed 's|^\./||' | LC_ALL=C sort))
rm -rf x
"$CLERK" verify out/packs/clerk-2026-11-30.zip >/dev/null
