# the week imported one statement at a time, in order; the dunning levels on
# Saturday 28 November (fixtures/demo/README.md, "What is open after the week"):
# every level from 1 to 4, the disputed item and the dunning: no customer left out
cp -r "$top_srcdir/fixtures/demo/." .
for f in inbox/*.xml; do
	"$CLERK" import -q -f books.journal "$f"
done
