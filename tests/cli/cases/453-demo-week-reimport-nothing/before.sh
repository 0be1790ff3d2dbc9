# the week imported one statement at a time; then all five again in one
# call: every movement is already in the books, nothing is written
cp -r "$top_srcdir/fixtures/demo/." .
for f in inbox/*.xml; do
	"$CLERK" import -q -f books.journal "$f"
done
snapshot_save
