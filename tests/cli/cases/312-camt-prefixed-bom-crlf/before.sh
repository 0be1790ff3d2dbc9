# the statements come from fixtures/camt (see its README.md)
cp "$top_srcdir/fixtures/camt/prefixed-ns.xml" .
cp "$top_srcdir/fixtures/camt/bom-crlf.xml" .
