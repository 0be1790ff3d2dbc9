# Harbor Lights paid USD 4,790.00 of INV-2026-0082 (USD 4,800.00) by a wire
# the bank converted (4,097.32 EUR after 12.50 EUR charges, 33.53 EUR
# exchange difference); the whole wire comes back: the item is open again
# in USD at its historical rate, the exchange difference and the charges
# are undone
assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
p=$(ls posted/*-import-*.journal | tail -n 1)
grep -q 'Assets:Receivable:Harbor Lights  4,790.00 USD @ 0.865 EUR  ; invoice: INV-2026-0082, match: reversal' "$p" || fail 'the return must reopen INV-2026-0082 in USD at its cost'
grep -q 'Income:FX  -33.53 EUR  ; match: reversal' "$p" || fail 'the exchange difference must be undone'
grep -q 'Expenses:Bank:Charges  -12.50 EUR  ; match: reversal' "$p" || fail 'the charges must be undone'
"$CLERK" open -f books.journal -O csv | grep -q ',INV-2026-0082,.*,USD,4800.00,4800.00,' || fail 'INV-2026-0082 must be open again for USD 4,800.00'
