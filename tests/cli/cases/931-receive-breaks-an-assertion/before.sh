# the books assert Papierhaus' balance on 30 November; a bill of 24 November would
# break it: the text does not leave the books valid, nothing is written (exit 1)
cp -r "$top_srcdir/fixtures/demo/." .
cat >>bills.journal <<'JOURNAL'

2026-11-30 * Papierhaus statement of account agreed
    Liabilities:Payable:Papierhaus Nord  0.00 EUR = -1,142.40 EUR
    Equity:Opening Balances  0.00 EUR
JOURNAL
"$CLERK" check -f books.journal >/dev/null
snapshot_save
