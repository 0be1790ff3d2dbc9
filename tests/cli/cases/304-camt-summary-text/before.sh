# the statements come from fixtures/camt (see its README.md)
cp "$top_srcdir/fixtures/camt/camt053-v02.xml" .
cp "$top_srcdir/fixtures/camt/camt052-v06.xml" .
cp "$top_srcdir/fixtures/camt/several-statements.xml" .
cp "$top_srcdir/fixtures/camt/charges.xml" .
