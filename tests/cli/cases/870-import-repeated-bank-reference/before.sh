# entry 2 of the 24 November statement repeats entry 1's AcctSvcrRef: refused,
# naming the reference and both entries (it used to be taken as a duplicate
# of entry 1 and the statement refused for its opening balance)
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
sed "s/HB20261124RC0002/HB20261124RC0001/g" inbox/2026-11-24-camt053.xml >statement.xml
snapshot_save
