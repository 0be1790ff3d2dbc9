# the demo books with the week of statements imported one at a time: the
# last import is Friday's statement; Jan Petersen's payment waits in suspense
cp -r "$top_srcdir/fixtures/demo/." .
for f in inbox/*.xml; do
	"$CLERK" import -q -f books.journal "$f"
done
