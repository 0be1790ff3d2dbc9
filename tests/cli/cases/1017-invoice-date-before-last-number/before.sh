# numbers follow issue dates: a document dated before the last number's date is refused
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
