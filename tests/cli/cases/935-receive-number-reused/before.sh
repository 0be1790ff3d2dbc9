# PN-46107 again, for 6 pallets instead of 5: a changed document under a number in the
# books: a duplicate, and a person must look (exit 5)
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
