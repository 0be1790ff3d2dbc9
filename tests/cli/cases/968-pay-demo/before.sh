. "$top_srcdir/tests/cli/pay-lib.sh"
cp -r "$top_srcdir/fixtures/demo/." .
cat >>books.journal <<'A'

account Assets:Transit                  ; role: transit
account Income:Discounts Received       ; role: discount-received
A
