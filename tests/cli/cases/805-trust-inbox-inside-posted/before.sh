# a folder inside the books' posted/ folder is refused
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" post -q -f books.journal batches/2026-11-30-invoices.journal
mkdir posted/in && cp inbox/*.xml posted/in/
snapshot_save
