# The demo books with one more customer, Bäckerei Müller, whose invoice of
# 20 October (due 3 November) is 25 days past due on 28 November: a second
# reminder. Its letter's file name keeps the umlauts (NFC, lower case).
cp -r "$top_srcdir/fixtures/demo/." .
cat >>books.journal <<'J'

account Assets:Receivable:Bäckerei Müller
    ; name: Bäckerei Müller GmbH & Co. KG, email: buchhaltung@baeckerei-mueller.example, terms: net 14

2026-10-20 * (INV-2026-0097) Bäckerei Müller | bread bags, 5,000 pieces
    Assets:Receivable:Bäckerei Müller  595.00 EUR  ; invoice: INV-2026-0097, due: 2026-11-03, ref: RF5820260097
    Income:Printing                   -500.00 EUR
    Liabilities:VAT:Output             -95.00 EUR
J
