# The demo night's pack with report.html replaced by 256 MiB of zeros
# (deflated to a few hundred KiB), listed correctly in the MANIFEST: the
# hash check streams it and passes. The re-run makes another report.html:
# the pack holds a report.html that differs (its size and the re-run's are
# named), it is not "missing"; and no "ok" is printed (exit 1).
command -v zip >/dev/null && command -v unzip >/dev/null || { echo "zip and unzip are needed"; exit 77; }
cp -r "$top_srcdir/fixtures/demo/." .
cp -r "$top_srcdir/fixtures/demo" before
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
mkdir x
(cd x && unzip -q ../out/packs/clerk-2026-11-28.zip)
rm x/report.html
truncate -s 256M x/report.html
sum=$(sha256sum <x/report.html | cut -c1-64)
sed -i "s/^[0-9a-f]\{64\}  [0-9]*  report.html\$/$sum  268435456  report.html/" x/MANIFEST
grep -q "  268435456  report.html" x/MANIFEST
(cd x && zip -q -X -r ../big.zip MANIFEST $(find . -type f ! -name MANIFEST | sed 's|^\./||' | LC_ALL=C sort))
rm -rf x
[ "$(stat -c %s big.zip)" -lt 2000000 ]
