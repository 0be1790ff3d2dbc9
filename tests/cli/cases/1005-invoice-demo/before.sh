# the demo company's December billing: four invoices (two VAT rates, reverse charge,
# an export in USD) and a credit note, one commit, five UBL files
cp -r "$top_srcdir/fixtures/demo/." .
