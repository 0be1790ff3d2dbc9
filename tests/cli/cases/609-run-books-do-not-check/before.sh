cp -r "$top_srcdir/fixtures/demo/." .
printf '\n2026-11-27 unbalanced\n    Assets:Cash:Petty  10.00 EUR\n    Expenses:Office  -9.00 EUR\n' >>payments.journal
