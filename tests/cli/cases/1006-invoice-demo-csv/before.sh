# the summary as CSV: credit notes count negative, invoices carry due date and reference
cp -r "$top_srcdir/fixtures/demo/." .
