# the demo company receives its vendors' e-invoices of the week (fixtures/demo/bills-inbox):
# five are posted in one commit, two held, one a duplicate, one refused (exit 5)
cp -r "$top_srcdir/fixtures/demo/." .
