# the demo books with a payment on account (no invoice: tag) booked to a
# misspelt customer account: the money would miss the open items and the aging
cp -r "$top_srcdir/fixtures/demo/." .
printf '\n2026-11-30 * Fjord Design B.V. | on account\n    Assets:Bank:Operating                    500.00 EUR\n    Assets:Recievable:Fjord Design        -500.00 EUR\n' >>payments.journal
