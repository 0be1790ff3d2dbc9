# entry 1 has no booking date and its value date (the date it would be
# posted on) is a year after the statement: refused, saying so
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
sed "20d; 21s/2026-11-24/2027-11-24/" inbox/2026-11-24-camt053.xml >statement.xml
grep -q "<ValDt><Dt>2027-11-24</Dt></ValDt>" statement.xml
snapshot_save
