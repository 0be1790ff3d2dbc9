# input VAT per rate: 19 % and 7 % to the accounts tagged with them, 5.5 % to the
# one untagged vat-input account, none for the exempt line
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/^\(account Assets:VAT:Input .*\)$/\1\naccount Assets:VAT:Input:19  ; vat-rate: 19\naccount Assets:VAT:Input:7  ; vat-rate: 7/' books.journal
