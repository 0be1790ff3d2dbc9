# books without an invoice series: nothing can be numbered, nothing posted
cp -r "$top_srcdir/fixtures/demo/." .
sed -i "s/, invoice-series: INV-2026-//" books.journal
! grep -q "invoice-series: INV" books.journal
snapshot_save
