. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
pay_run 2026-12-01
"$CLERK" import -q -f books.journal reports/pain002-v10-rjct-lagerhaus.xml
snapshot_save
