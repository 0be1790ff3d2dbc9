# A documents' folder whose name holds a comma: the books could not record
# its files (a tag's value ends at a comma in hledger), so nothing is done.
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
