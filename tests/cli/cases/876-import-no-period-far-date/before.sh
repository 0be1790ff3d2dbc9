# a statement without FrToDt: its dates are its balances' (2026-11-23,
# 2026-11-24) and its creation date (2026-11-25); entry 1 booked a year
# earlier is refused
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
sed "10d; 20s/2026-11-24/2025-11-24/" inbox/2026-11-24-camt053.xml >statement.xml
grep -q "<BookgDt><Dt>2025-11-24</Dt></BookgDt>" statement.xml
! grep -q FrToDt statement.xml
snapshot_save
