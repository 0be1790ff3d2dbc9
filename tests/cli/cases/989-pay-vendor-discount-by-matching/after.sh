. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
grep -q '^    Income:Discounts Received  -22.61 EUR  ; match: discount, items: DW-2026-1187$' posted/000001-import-*.journal ||
	fail "the discount granted by the vendor goes to the discount-received account"
"$CLERK" balance -f books.journal -O csv | grep -qx 'Expenses:Discounts,EUR,71.40' || fail "the customers' discounts are untouched"
