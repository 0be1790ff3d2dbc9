set -e
# the notices, with their fees and interest, are recorded in the books
diff expected-posted.journal posted/000001-dunning-*.journal
diff expected-credit-letter.txt letters/2026-11-28-2-credit-EUR.txt
# letters are readable by their owner only; a .txt and an .html per notice
for f in letters/*; do
	m=$(stat -c %a "$f")
	[ "$m" = 600 ] || { echo "$f has mode $m"; exit 1; }
done
[ "$(ls letters | wc -l)" = 22 ]
# self-contained: nothing is fetched from anywhere
! grep -l '<script\|src=\|href=' letters/*.html
"$CLERK" check -f books.journal --strict >/dev/null
# the fees and interest are open items of their own (8 fees, 11 interest)
"$CLERK" open -f books.journal --date 2026-11-28 -O csv | grep -c 'FEE-2026-11-28\|INT-2026-11-28' | grep -qx 19
if command -v hledger >/dev/null; then
	hledger -f books.journal bal -e 2026-11-29 Income:Dunning Income:Interest -N -O csv > h.csv
	grep -q '"Income:Dunning Fees","-65.00 EUR, -5.00 USD"\|"Income:Dunning Fees","-5.00 USD, -65.00 EUR"' h.csv || { cat h.csv; exit 1; }
fi
