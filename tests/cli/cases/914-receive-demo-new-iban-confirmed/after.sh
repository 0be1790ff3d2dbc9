"$CLERK" check -f books.journal --strict >/dev/null || fail "the books do not check"
grep -q 'Liabilities:Payable:Druckwerk  -357.00 EUR  ; invoice: DW-2026-1243, due: 2026-12-26, ref: DW-2026-1243, ' posted/000001-receive-*.journal ||
	fail "DW-2026-1243 not posted as expected"
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
