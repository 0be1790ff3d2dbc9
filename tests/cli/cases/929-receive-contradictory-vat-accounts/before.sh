# two input VAT accounts for 19 %: nothing is received (exit 1), nothing written
cp -r "$top_srcdir/fixtures/demo/." .
cat >>books.journal <<'JOURNAL'

account Assets:VAT:Input:Standard  ; vat-rate: 19
account Assets:VAT:Input:Full  ; vat-rate: 19.00
JOURNAL
snapshot_save
