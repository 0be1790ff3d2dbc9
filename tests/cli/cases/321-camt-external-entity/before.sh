# the statements come from fixtures/camt (see its README.md)
cp "$top_srcdir/fixtures/camt/security-xxe.xml" .
