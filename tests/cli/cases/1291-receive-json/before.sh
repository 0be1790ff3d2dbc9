# two bills posted and one refused (BR-CO-15), as JSON; nothing is written
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
