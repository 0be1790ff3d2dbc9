out=$("$CLERK" open -f books.journal --payables --date 2026-11-28 -O csv)
echo "$out" | grep -q ',PN-46420,2026-11-27,2026-12-27,EUR,689.99,689.99,' || { echo "$out"; fail "PN-46420 is not open for 689.99"; }
! echo "$out" | grep -q '^Papierhaus Nord GmbH,.*,unapplied,' || { echo "$out"; fail "the advance is still unapplied"; }
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
