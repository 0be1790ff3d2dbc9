# every party with a balance, customers and vendors; after.sh ties each closing balance to hledger
cp -r "$top_srcdir/fixtures/demo/." .
