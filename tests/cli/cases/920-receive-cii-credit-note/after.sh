grep -q 'Liabilities:Payable:Papierhaus Nord  119.00 EUR  ; invoice: PN-46107, credit-note: PN-G-0201, einvoice-sha256: ' posted/000001-receive-*.journal || fail "not posted on PN-46107"
"$CLERK" open -f books.journal --payables --date 2026-11-28 -O csv | grep -q ',PN-46107,2026-11-17,2026-12-17,EUR,1142.40,1023.40,' || fail "PN-46107 is not open for 1023.40"
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
