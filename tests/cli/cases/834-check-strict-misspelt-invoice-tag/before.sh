# the demo books with an invoice whose invoice: tag is misspelt
cp -r "$top_srcdir/fixtures/demo/." .
cat typo.journal >>invoices.journal
