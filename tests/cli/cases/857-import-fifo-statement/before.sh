# a FIFO among the statements: refused at once, and nothing is imported,
# not even the good statement before it
cp -r "$top_srcdir/fixtures/demo/." .
mkfifo statement.xml
snapshot_save
