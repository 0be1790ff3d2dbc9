# The demo night's pack with a MANIFEST that lists report.html 1,000 bytes
# shorter than it is (its digest of those first bytes): verify reads the
# member no further than the listed size and one byte more, and names it.
command -v zip >/dev/null && command -v unzip >/dev/null || { echo "zip and unzip are needed"; exit 77; }
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
mkdir x
(cd x && unzip -q ../out/packs/clerk-2026-11-28.zip)
size=$(($(stat -c %s x/report.html) - 1000))
sum=$(head -c $size x/report.html | sha256sum | cut -c1-64)
sed -i "s/^[0-9a-f]\{64\}  [0-9]*  report.html\$/$sum  $size  report.html/" x/MANIFEST
(cd x && zip -q -X -r ../short.zip MANIFEST $(find . -type f ! -name MANIFEST | sed 's|^\./||' | LC_ALL=C sort))
rm -rf x
