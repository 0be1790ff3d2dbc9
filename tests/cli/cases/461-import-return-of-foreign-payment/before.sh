cp -r "$top_srcdir/fixtures/demo/." .
for f in inbox/2026-11-23-camt053.xml inbox/2026-11-24-camt053.xml inbox/2026-11-25-camt053.xml inbox/2026-11-26-camt053.xml; do
	"$CLERK" import -q -f books.journal "$f" || exit 1
done
