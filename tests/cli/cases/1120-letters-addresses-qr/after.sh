# both addresses, in text and HTML; no account names
l=letters/2026-11-28-2-moorbrauerei-EUR
head -n 5 "$l.txt" | diff - <(printf '%s\n' 'Lumen & Letter Studio GmbH' 'Speicherstadt 7' '20457 Hamburg' 'DE' '2026-11-28') || fail "our address in $l.txt" || exit 1
sed -n 7,11p "$l.txt" | diff - <(printf '%s\n' 'To: Moorbrauerei Lüneburg GmbH' 'Am Stintmarkt 3' '21335 Lüneburg' 'DE' 'E-mail: rechnungen@moorbrauerei.example') || fail "the customer's address in $l.txt" || exit 1
grep -q '<p>Lumen &amp; Letter Studio GmbH<br>Speicherstadt 7<br>20457 Hamburg<br>DE<br>2026-11-28</p>' "$l.html" || fail "our address in $l.html" || exit 1
grep -q '<p>To: Moorbrauerei Lüneburg GmbH<br>Am Stintmarkt 3<br>21335 Lüneburg<br>DE<br>E-mail: ' "$l.html" || fail "the customer's address in $l.html" || exit 1
! grep -l 'Assets:\|Liabilities:\|Income:\|Receivable' letters/* || fail "an account name in a letter" || exit 1
# a QR code on every EUR letter, none on the dollar one, none in text
[ "$(grep -l '<figure class="qr"><svg' letters/*-EUR.html | wc -l)" -eq 5 ] || fail "not 5 QR codes" || exit 1
! grep -q '<svg' letters/2026-11-28-2-harbor-lights-USD.html || fail "an EPC code in USD" || exit 1
! grep -q '<svg' letters/*.txt || fail "SVG in a text letter" || exit 1
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is not installed (librsvg2-bin): the QR codes were not decoded" >&2; exit 77; }
command -v zbarimg >/dev/null || { echo "zbarimg is not installed (zbar-tools): the QR codes were not decoded" >&2; exit 77; }
decode() {
	sed -n 's|.*<figure class="qr">\(<svg.*</svg>\).*|\1|p' "$1" >qr.svg
	rsvg-convert -o qr.png qr.svg && zbarimg -q --raw qr.png 2>/dev/null | head -c -1
}
head_='BCD 002 1 SCT COBADEFFXXX'
# one item with its RF reference: 1,428.00 less the credit of 60.00
decode "$l.html" >got
printf '%s\n' $head_ 'Lumen & Letter Studio GmbH' DE89370400440532013000 EUR1368.00 '' RF2120260084 | head -c -1 >want
cmp -s want got || { diff -u want got; fail "Moorbrauerei's QR code says something else"; exit 1; }
# two items with a reference each: no reference, the invoice numbers as text
decode letters/2026-11-28-4-alster-cafe-EUR.html >got
printf '%s\n' $head_ 'Lumen & Letter Studio GmbH' DE89370400440532013000 EUR928.00 '' '' 'INV-2026-0071 INV-2026-0086' | head -c -1 >want
cmp -s want got || { diff -u want got; fail "Alster's QR code says something else"; exit 1; }
