# a misspelt policy tag on a customer's account directive (trems: for terms:):
# an error with --strict, naming the reserved tag it is a near miss of
cp -r "$top_srcdir/fixtures/demo/." .
sed -i '0,/terms: net 30, income: Income:Design/s//trems: net 30, income: Income:Design/' books.journal
grep -q 'trems: net 30' books.journal
