# the books include a FIFO that nobody writes: refused at once (opening it
# used to wait for ever)
cp -r "$top_srcdir/fixtures/demo/." .
mkfifo extra.journal
echo "include extra.journal" >>books.journal
snapshot_save
