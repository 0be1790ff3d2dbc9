. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
pay_run 2026-12-01
