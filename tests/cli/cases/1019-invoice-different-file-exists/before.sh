# a different INV-2026-0095.xml already lies in invoices/: not replaced, nothing posted
cp -r "$top_srcdir/fixtures/demo/." .
mkdir invoices
echo "not ours" >invoices/INV-2026-0095.xml
snapshot_save
