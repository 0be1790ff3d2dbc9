# the statements come from fixtures/camt (see its README.md)
cp "$top_srcdir/fixtures/camt/charges.xml" .
cp "$top_srcdir/fixtures/camt/charges-v02.xml" .
