# a FIFO nobody writes to as a billing file: refused at once, never waited on
cp -r "$top_srcdir/fixtures/demo/." .
mkfifo billing.csv
snapshot_save
