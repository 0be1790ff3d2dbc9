. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
pay_run 2026-12-01
"$CLERK" import -q -f books.journal bank/2026-12-01-camt053.xml
snapshot_save
