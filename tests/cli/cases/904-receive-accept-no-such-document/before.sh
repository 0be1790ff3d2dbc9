# --accept must name one of the documents given, as given: a typo is a usage error
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
