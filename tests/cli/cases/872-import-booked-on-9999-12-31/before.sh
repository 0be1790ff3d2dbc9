# entry 1 of the 24 November statement (period 2026-11-24) is booked on
# 9999-12-31: refused (it used to be imported without a word)
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
sed "20s/2026-11-24/9999-12-31/" inbox/2026-11-24-camt053.xml >statement.xml
grep -q "<BookgDt><Dt>9999-12-31</Dt></BookgDt>" statement.xml
snapshot_save
