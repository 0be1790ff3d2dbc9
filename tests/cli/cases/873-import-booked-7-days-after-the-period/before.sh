# entry 1 booked on 2026-12-02: 7 days after the latest date the statement
# gives (created 2026-11-25), the last day accepted; the closing balance is
# asserted on that day
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
sed "20s/2026-11-24/2026-12-02/" inbox/2026-11-24-camt053.xml >statement.xml
grep -q "<BookgDt><Dt>2026-12-02</Dt></BookgDt>" statement.xml
snapshot_save
