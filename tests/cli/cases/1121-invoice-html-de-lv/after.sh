de=invoices/INV-2026-0094.html lv=invoices/CN-2026-0001.html
grep -q '<html lang="de">' $de || fail "$de: not German" || exit 1
grep -q '<h1>Rechnung INV-2026-0094</h1>' $de || fail "$de: title" || exit 1
grep -q '<p>Datum: 01.12.2026</p>' $de || fail "$de: date" || exit 1
grep -q '<br>USt-IdNr. DE231456789</p>' $de || fail "$de: VAT id" || exit 1
grep -q '<tr><th>#</th><th>Beschreibung</th><th class="n">Menge</th><th class="n">Einzelpreis</th><th class="n">USt.</th><th class="n">Netto</th></tr>' $de || fail "$de: line heads" || exit 1
grep -q '<td class="n">3,5</td><td class="n">85,00</td><td class="n">S 19 %</td><td class="n">297,50 EUR</td>' $de || fail "$de: a line" || exit 1
grep -q '<tr><td>Summe netto</td><td class="n">1.058,80 EUR</td></tr>' $de || fail "$de: net" || exit 1
grep -q '<tr class="total"><td>Gesamtbetrag</td><td class="n">1.224,12 EUR</td></tr>' $de || fail "$de: total" || exit 1
grep -q '<p>Bitte überweisen Sie <strong>1.224,12 EUR</strong> bis zum <strong>15.12.2026</strong> an</p>' $de || fail "$de: pay" || exit 1
grep -q 'Verwendungszweck <strong>RF4220260094</strong> (bitte angeben)' $de || fail "$de: reference" || exit 1
grep -q '<figcaption>Scannen und bezahlen</figcaption>' $de || fail "$de: QR caption" || exit 1
grep -q '<html lang="lv">' $lv || fail "$lv: not Latvian" || exit 1
grep -q '<h1>Kredītrēķins CN-2026-0001</h1>' $lv || fail "$lv: title" || exit 1
grep -q '<p>Datums: 03.12.2026<br>Kredītrēķins rēķinam INV-2026-0084 no 14.10.2026</p>' $lv || fail "$lv: dates" || exit 1
grep -q '<tr class="total"><td>Kopā</td><td class="n">238,00 EUR</td></tr>' $lv || fail "$lv: total" || exit 1
grep -q '<p>Summa ir ieskaitīta Jūsu kontā pie mums.</p>' $lv || fail "$lv: credited" || exit 1
grep -q '<html lang="lv">' invoices/INV-2026-0095.html || fail "Moorbrauerei's invoice not Latvian" || exit 1
# no English word left on the translated pages
! grep -l 'Please pay\|Total\|VAT ID\|Quantity\|Date:\|Scan to pay\|Credits invoice' $de $lv invoices/INV-2026-0095.html || fail "English on a translated page" || exit 1
# the English pages as before
grep -q '<h1>Invoice INV-2026-0096</h1>' invoices/INV-2026-0096.html || fail "Fjord's page not English" || exit 1
grep -q '<tr class="total"><td>Total</td><td class="n">2,750.00 USD</td></tr>' invoices/INV-2026-0097.html || fail "Harbor's page not English" || exit 1
# the German page's QR code pays the same: the payload knows no language
command -v rsvg-convert >/dev/null || { echo "rsvg-convert is not installed (librsvg2-bin): the QR code was not decoded" >&2; exit 77; }
command -v zbarimg >/dev/null || { echo "zbarimg is not installed (zbar-tools): the QR code was not decoded" >&2; exit 77; }
sed -n 's|.*<figure class="qr">\(<svg.*</svg>\).*|\1|p' $de >qr.svg
rsvg-convert -o qr.png qr.svg && zbarimg -q --raw qr.png 2>/dev/null | head -c -1 >got
printf '%s\n' BCD 002 1 SCT COBADEFFXXX 'Lumen & Letter Studio GmbH' DE89370400440532013000 EUR1224.12 '' RF4220260094 | head -c -1 >want
cmp -s want got || { diff -u want got; fail "the QR code says something else"; }
