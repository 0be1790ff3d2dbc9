# --out naming the books' posted/ folder: refused before anything is written
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" post -q -f books.journal batches/2026-11-30-invoices.journal
snapshot_save
