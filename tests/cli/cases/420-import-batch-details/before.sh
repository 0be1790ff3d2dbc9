# books whose bank balance matches the statement's opening balance
cat > books.journal <<'J'
commodity 1,000.00 EUR
account Assets:Bank  ; role: bank, iban: DE89370400440532013000
account Assets:Suspense  ; role: suspense
account Expenses:Bank Charges  ; role: charges
account Equity:Opening

2020-01-01 opening balance
    Assets:Bank  0.00 EUR
    Equity:Opening
J
for f in  batch.xml; do cp "$top_srcdir/fixtures/camt/$f" .; done
