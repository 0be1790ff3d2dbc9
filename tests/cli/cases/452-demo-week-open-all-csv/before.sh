# the week imported one statement at a time, in order; what is open on
# Saturday 28 November (fixtures/demo/README.md, "The week of statements")
cp -r "$top_srcdir/fixtures/demo/." .
for f in inbox/*.xml; do
	"$CLERK" import -q -f books.journal "$f"
done
