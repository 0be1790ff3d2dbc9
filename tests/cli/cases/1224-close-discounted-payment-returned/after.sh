# the return reopens INV-2026-0093 and takes the discount back
assert_return_as_unclosed INV-2026-0093 'ref:HB20261127RT0001,2026-11-27,-874.65,EUR,Moorbrauerei Lueneburg GmbH,reversal,none,Assets:Receivable:Moorbrauerei,INV-2026-0093,874.65,0.00,returned payment: reopens what the movement of 2026-11-24 cleared (new/books.history.journal:'
# the new period's income and expenses: the discount taken back, as in the unclosed books
diff -u <("$CLERK" balance -f unclosed/books.journal --begin 2026-11-27 '^(Income|Expenses)' -O csv) \
	<("$CLERK" balance -f new/books.journal --begin 2026-11-27 '^(Income|Expenses)' -O csv) || fail "the new period's income and expenses differ"
"$CLERK" balance -f new/books.journal --begin 2026-11-27 Expenses:Discounts -O csv | grep -q '^Expenses:Discounts,EUR,-17.85$' || fail "the discount was not taken back"
