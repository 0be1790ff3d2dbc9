# a document that totals below zero, one that totals zero: refused
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
