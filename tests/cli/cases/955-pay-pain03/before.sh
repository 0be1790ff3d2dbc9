. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
