# entries of a batch (several details of one entry), charges and a foreign
# currency, from fixtures/camt (see its README.md)
cp "$top_srcdir/fixtures/camt/batch.xml" "$top_srcdir/fixtures/camt/charges.xml" "$top_srcdir/fixtures/camt/fx.xml" .
