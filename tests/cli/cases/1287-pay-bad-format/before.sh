# formats are lower case, as everywhere: -O JSON is refused, nothing written
. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
snapshot_save
