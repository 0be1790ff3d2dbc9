# The demo books with three more customers: Mueller, Nord:Müller and
# Süd:Müller, each with an invoice 25 days past due on 28 November (a second
# reminder). File names keep the umlaut (NFC), so Mueller keeps "mueller";
# Nord:Müller and Süd:Müller both make "müller": Nord:Müller sorts first and
# keeps it, Süd:Müller gets -2. Each gets its own letter; nothing is
# overwritten.
cp -r "$top_srcdir/fixtures/demo/." .
cat >>books.journal <<'J'

account Assets:Receivable:Mueller       ; name: Hans Mueller Druck OHG
account Assets:Receivable:Nord:Müller   ; name: Müller Nord GmbH
account Assets:Receivable:Süd:Müller    ; name: Müller Süd KG

2026-10-20 * (INV-2026-0097) Müller Süd
    Assets:Receivable:Süd:Müller    119.00 EUR  ; invoice: INV-2026-0097, due: 2026-11-03
    Income:Printing                -100.00 EUR
    Liabilities:VAT:Output          -19.00 EUR

2026-10-20 * (INV-2026-0098) Müller Nord
    Assets:Receivable:Nord:Müller   238.00 EUR  ; invoice: INV-2026-0098, due: 2026-11-03
    Income:Printing                -200.00 EUR
    Liabilities:VAT:Output          -38.00 EUR

2026-10-20 * (INV-2026-0099) Mueller
    Assets:Receivable:Mueller       357.00 EUR  ; invoice: INV-2026-0099, due: 2026-11-03
    Income:Printing                -300.00 EUR
    Liabilities:VAT:Output          -57.00 EUR
J
