# INV-2026-0084 was 1,428.00: two credit notes of 714.00 fit, a third one cent does not
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
