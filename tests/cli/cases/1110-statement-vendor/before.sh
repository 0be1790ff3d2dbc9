# a vendor: what we owe, bills and payments owed-positive
cp -r "$top_srcdir/fixtures/demo/." .
