# entries 2 and 3 both repeat entry 1's AcctSvcrRef: one error each, no
# balance error, and nothing is imported (not the good statement either)
cp -r "$top_srcdir/fixtures/demo/." .
sed "s/HB20261124RC0002/HB20261124RC0001/g; s/HB20261124SA0001/HB20261124RC0001/g" inbox/2026-11-24-camt053.xml >statement.xml
snapshot_save
