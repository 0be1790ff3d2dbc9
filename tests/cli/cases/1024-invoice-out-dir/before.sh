# --out: the documents go where asked (created), none to invoices/
cp -r "$top_srcdir/fixtures/demo/." .
