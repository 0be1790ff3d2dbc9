. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
"$CLERK" balance -f books.journal -O csv | grep -q '^Income:Discounts Received,' && fail "the discount is undone" || true
"$CLERK" open -f books.journal --payables -O csv | grep -q ',DF-77,.*,2380.00,item,' || fail "DF-77 is open again, in full"
