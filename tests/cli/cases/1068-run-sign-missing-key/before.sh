# No such secret key: exit 3 before anything is done.
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
snapshot_save
