# a FIFO as the second batch: refused at once (never waited on), and the
# first batch is not posted either
cp -r "$top_srcdir/fixtures/demo/." .
mkfifo batch.journal
snapshot_save
