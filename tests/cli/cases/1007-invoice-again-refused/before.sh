# the same billing file a second time: refused, it would bill its customers twice
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" invoice -f books.journal -q billing/2026-12.csv
snapshot_save
