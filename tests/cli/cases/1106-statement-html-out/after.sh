# the pages: no account names, both addresses, the same bytes again, the QR
# code of a EUR customer with a balance decodes to the EPC payload
ls statements >listed
[ "$(wc -l <listed)" -eq 11 ] || fail "expected 11 pages" || exit 1
! grep -l 'Assets:\|Liabilities:\|Receivable\|Payable' statements/*.html || fail "an account name on a page" || exit 1
page="statements/statement-2026-11-24-Moorbrauerei-EUR.html"
grep -q '<strong>Lumen &amp; Letter Studio GmbH</strong><br>Speicherstadt 7<br>20457 Hamburg<br>DE<br>VAT ID DE298765431' "$page" ||
	fail "our address is not on $page" || exit 1
grep -q '<strong>Moorbrauerei Lüneburg GmbH</strong><br>Am Stintmarkt 3<br>21335 Lüneburg<br>DE<br>VAT ID DE312987654' "$page" ||
	fail "the customer's address is not on $page" || exit 1
grep -q 'Please pay <strong>2,260.50 EUR</strong>' "$page" || fail "no request to pay 2,260.50 EUR" || exit 1
! grep -q '<svg' "statements/statement-2026-11-24-Harbor Lights-USD.html" || fail "an EPC code in USD" || exit 1
! grep -q '<svg' "statements/statement-2026-11-24-Papierhaus Nord-EUR.html" || fail "an EPC code for a vendor" || exit 1
sha256sum statements/* >sums
"$CLERK" statement -f books.journal --date 2026-11-24 --all -O html --out statements >/dev/null
sha256sum -c --quiet sums || fail "a second run wrote other bytes" || exit 1
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is not installed (librsvg2-bin): the QR code was not decoded" >&2; exit 77; }
command -v zbarimg >/dev/null || { echo "zbarimg is not installed (zbar-tools): the QR code was not decoded" >&2; exit 77; }
sed -n 's|.*<figure class="qr">\(<svg.*</svg>\).*|\1|p' "$page" >qr.svg
rsvg-convert -o qr.png qr.svg && zbarimg -q --raw qr.png 2>/dev/null | head -c -1 >got
printf '%s\n' BCD 002 1 SCT COBADEFFXXX 'Lumen & Letter Studio GmbH' DE89370400440532013000 EUR2260.50 | head -c -1 >want
cmp -s want got || { diff -u want got; fail "the QR code says something else"; }
