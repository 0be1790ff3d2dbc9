# the demo books with an invoice posted to a misspelt receivable account
cp -r "$top_srcdir/fixtures/demo/." .
cat typo.journal >>invoices.journal
