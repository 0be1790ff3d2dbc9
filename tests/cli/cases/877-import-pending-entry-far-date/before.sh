# only booked entries are checked: a pending entry may carry any date (it
# is skipped, not posted); the 27 November statement with its pending
# entry dated 9999-12-31 is accepted
cp -r "$top_srcdir/fixtures/demo/." .
for f in inbox/2026-11-2[3456]-camt053.xml; do
	"$CLERK" import -q -f books.journal "$f"
done
sed "61s/2026-11-27/9999-12-31/" inbox/2026-11-27-camt053.xml >statement.xml
grep -q "<ValDt><Dt>9999-12-31</Dt></ValDt>" statement.xml
snapshot_save
