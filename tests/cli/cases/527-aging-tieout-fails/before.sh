cat >> books.journal <<'J'

2026-11-25 A posting on the control account itself, not on a customer
    Assets:Receivable  99.00 EUR
    Income:Sales
J
