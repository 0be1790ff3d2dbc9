# a statement with an error between two good ones: the array holds the good
# ones' summaries and stays valid JSON; the error is on stderr (status 1)
cp "$top_srcdir/fixtures/camt/camt053-v02.xml" "$top_srcdir/fixtures/camt/error-missing-amount.xml" \
	"$top_srcdir/fixtures/camt/camt053-v13.xml" .
