# the same vendor, date and amount as bill PN-46107 (in the books) under another number: held
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
