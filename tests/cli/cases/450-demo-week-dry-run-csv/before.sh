# the demo books with the week of statements (fixtures/demo/inbox), all five
# read in one call: the decision per movement, nothing written
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
