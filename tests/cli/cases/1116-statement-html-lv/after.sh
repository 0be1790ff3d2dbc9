# one open item with its RF reference: the page asks to quote it and the QR code carries it
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is not installed (librsvg2-bin): the QR code was not decoded" >&2; exit 77; }
command -v zbarimg >/dev/null || { echo "zbarimg is not installed (zbar-tools): the QR code was not decoded" >&2; exit 77; }
"$CLERK" statement -f books.journal --date 2026-11-24 -O html --from 2026-11-01 "Elbe Logistik" >page.html
sed -n 's|.*<figure class="qr">\(<svg.*</svg>\).*|\1|p' page.html >qr.svg
rsvg-convert -o qr.png qr.svg && zbarimg -q --raw qr.png 2>/dev/null | head -c -1 >got
printf '%s\n' BCD 002 1 SCT COBADEFFXXX 'Lumen & Letter Studio GmbH' DE89370400440532013000 EUR1428.00 '' RF9120260085 | head -c -1 >want
cmp -s want got || { diff -u want got; fail "the QR code says something else"; }
