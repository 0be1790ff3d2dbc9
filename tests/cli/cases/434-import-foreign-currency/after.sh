assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
f=$(ls posted/000001-import-*.journal)
grep -q 'Assets:Receivable:Harbor Lights  -4,800.00 USD @ 0.865 EUR  ; invoice: INV-2026-0082, match: matched, rule: reference' "$f" || { cat "$f"; fail 'paid in USD at the invoice cost'; }
grep -q 'Income:FX  -24.00 EUR  ; match: fx' "$f" || { cat "$f"; fail 'the exchange gain of 24.00 EUR (4176.00 - 4800 x 0.8650)'; }
"$CLERK" open -f books.journal --date 2026-11-30 -O csv | grep -q 'INV-2026-0082' && fail 'INV-2026-0082 must be paid'
true
