# finding 3: a run dated before the last run is refused, nothing changed
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || [ $? -eq 5 ]
cp "$top_srcdir/fixtures/demo/inbox/2026-11-23-camt053.xml" inbox/late.xml
snapshot_save
