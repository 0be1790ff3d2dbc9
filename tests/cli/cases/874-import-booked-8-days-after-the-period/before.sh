# entry 1 booked on 2026-12-03, one day beyond what is accepted: refused
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
sed "20s/2026-11-24/2026-12-03/" inbox/2026-11-24-camt053.xml >statement.xml
grep -q "<BookgDt><Dt>2026-12-03</Dt></BookgDt>" statement.xml
snapshot_save
