. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
"$CLERK" balance -f books.journal -O csv | grep -qx 'Assets:Transit,EUR,-4117.40' || fail "PU transfer stays in transit"
"$CLERK" balance -f books.journal -O csv | grep -qx 'Assets:Suspense,EUR,1758.00' || fail "the debit goes to suspense"
