. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
pay_run 2026-12-01
cat >late.journal <<'B'
2026-12-01 * (PU-1004) Papier Union | rush order
    Liabilities:Payable:Papier Union        -238.00 EUR  ; invoice: PU-1004, due: 2026-12-01
    Expenses:Paper                            200.00 EUR
    Assets:VAT:Input                           38.00 EUR
B
"$CLERK" post -q -f books.journal late.journal
