. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
echo 'account Assets:Bank:Spare                ; role: bank, iban: DE02120300000000202051' >>books.journal
pay_run 2026-12-01 --from Assets:Bank:Kiel
