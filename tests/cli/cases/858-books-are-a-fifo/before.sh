# the root journal itself is a FIFO: refused at once, an I/O error (3)
cp -r "$top_srcdir/fixtures/demo/." .
mkfifo books.fifo
snapshot_save
