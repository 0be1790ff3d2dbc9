# the proposal of case 952, as JSON; nothing is written
. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
snapshot_save
