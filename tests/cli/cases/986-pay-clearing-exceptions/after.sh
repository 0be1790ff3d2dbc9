. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
# only the first debit cleared; the rest waits in suspense for a person
"$CLERK" balance -f books.journal -O csv | grep -qx 'Assets:Suspense,EUR,-520.00' || fail "suspense"
"$CLERK" balance -f books.journal -O csv | grep -qx 'Assets:Transit,EUR,-5179.85' || fail "transit"
