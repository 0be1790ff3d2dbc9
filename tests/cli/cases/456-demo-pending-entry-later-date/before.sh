# a pending card payment with a value date after the statement (Monday
# 30 November): it is not booked, so the closing balance stays on Friday
cp -r "$top_srcdir/fixtures/demo/." .
sed -i '61s|<ValDt><Dt>2026-11-27</Dt></ValDt>|<ValDt><Dt>2026-11-30</Dt></ValDt>|' inbox/2026-11-27-camt053.xml
grep -q '2026-11-30' inbox/2026-11-27-camt053.xml
for d in 23 24 25 26; do "$CLERK" import -q -f books.journal inbox/2026-11-$d-camt053.xml; done
