# pay without --date: the run of today (CLERK_TODAY), said, and dated today
. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
