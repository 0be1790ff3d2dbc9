# the statements come from fixtures/camt (see its README.md)
cp "$top_srcdir/fixtures/camt/overlap-052.xml" .
cp "$top_srcdir/fixtures/camt/overlap-053.xml" .
