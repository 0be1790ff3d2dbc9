# a customer's income: with two letters swapped gets the income account
# suggested; another names the bank account with one letter changed: a bank
# account cannot take revenue, so nothing is suggested, however near
cp -r "$top_srcdir/fixtures/demo/." .
sed -i '0,/income: Income:Design/s//income: Income:Desgin/' books.journal
sed -i 's/terms: net 30, income: Income:Design, address: 88 Atlantic/terms: net 30, income: Assets:Bank:Operatimg, address: 88 Atlantic/' books.journal
grep -q 'Income:Desgin' books.journal && grep -q 'Assets:Bank:Operatimg' books.journal
