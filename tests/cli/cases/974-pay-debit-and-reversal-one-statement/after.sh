. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
"$CLERK" open -f books.journal --payables -O csv | grep -q ',ZS-1,.*,150.00,150.00,item,' || fail "ZS-1 is open again"
