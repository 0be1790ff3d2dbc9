# the week imported as it arrives, one statement a day (Monday to Thursday
# here); the command imports Friday's, whose return reverses Tuesday's payment
cp -r "$top_srcdir/fixtures/demo/." .
for d in 23 24 25 26; do
	"$CLERK" import -q -f books.journal "inbox/2026-11-$d-camt053.xml"
done
