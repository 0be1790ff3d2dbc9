# Papierhaus was paid an advance of 500.00 on account; its final bill of 1,190.00
# deducts it (prepaid) and rounds down by 0.01: 689.99 due. The bill opens for
# 689.99 and the advance on account is used up
cp -r "$top_srcdir/fixtures/demo/." .
cat >>payments.journal <<'JOURNAL'

2026-11-20 * Papierhaus Nord | advance for special order
    Liabilities:Payable:Papierhaus Nord   500.00 EUR
    Assets:Bank:Operating
JOURNAL
