# a bank account is no party: refused (and no suggestion of a party that is not near)
cp -r "$top_srcdir/fixtures/demo/." .
