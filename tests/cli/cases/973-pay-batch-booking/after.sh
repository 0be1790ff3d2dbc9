. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
"$CLERK" balance -f books.journal -O csv | grep -qx 'Assets:Transit,EUR,-2332.40' || fail "the block of the 1st is cleared"
