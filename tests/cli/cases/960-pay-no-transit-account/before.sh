. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
sed -i '/^account Assets:Transit/,+1d' books.journal
