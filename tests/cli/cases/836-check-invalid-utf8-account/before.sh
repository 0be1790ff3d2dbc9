# the demo books with a payment whose account name has an a-umlaut saved in
# Latin-1 (the byte 0xE4) instead of UTF-8
cp -r "$top_srcdir/fixtures/demo/." .
printf '\n2026-11-30 * Hafen-Apotheke e.K. | on account\n    Assets:Bank:Operating                    100.00 EUR\n    Assets:Receivable:Hafen Apoth\xe4ke      -100.00 EUR\n' >>payments.journal
