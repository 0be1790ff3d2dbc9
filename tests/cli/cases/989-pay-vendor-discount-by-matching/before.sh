# a payment made outside a payment run (by hand, at the bank) that takes a
# vendor's discount: matching puts the discount where the run puts its own
cp -r "$top_srcdir/fixtures/demo/." .
cat >>books.journal <<'A'

account Assets:Transit                  ; role: transit
account Income:Discounts Received       ; role: discount-received
A
