# notices recorded by clerk letters on the 28th: a run dated the 27th would
# send lower-level reminders after them; refused
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" letters -f books.journal --date 2026-11-28 --out letters --record >/dev/null
snapshot_save
