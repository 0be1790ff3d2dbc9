. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
echo 'account Assets:Bank:Savings              ; role: bank, iban: DE02120300000000202051' >>books.journal
