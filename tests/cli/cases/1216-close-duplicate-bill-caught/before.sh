# Papierhaus Nord's bill PN-46107, paid before the close, arrives again as an
# e-invoice in the new period: a duplicate, as it would be in the old books
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
cat > pay.journal <<'J'
2026-11-24 * Papierhaus Nord | PN-46107 paid early
    Liabilities:Payable:Papierhaus Nord   1,142.40 EUR  ; invoice: PN-46107
    Assets:Bank:Operating                -1,142.40 EUR
J
"$CLERK" post -q -f old/books.journal pay.journal
"$CLERK" close -f old/books.journal --through 2026-11-26 --to new/books.journal > /dev/null
snapshot_save
