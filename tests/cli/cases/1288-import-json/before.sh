# the demo week's decisions, as case 450 has them in CSV
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
