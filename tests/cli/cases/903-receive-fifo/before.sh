# a FIFO nobody writes to as a document: refused at once, never waited on
cp -r "$top_srcdir/fixtures/demo/." .
mkfifo bill.xml
snapshot_save
