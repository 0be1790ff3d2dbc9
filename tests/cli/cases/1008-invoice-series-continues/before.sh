# after the December run the series go on: INV-2026-0098 and CN-2026-0002;
# the credit note reduces a December invoice
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" invoice -f books.journal -q billing/2026-12.csv
