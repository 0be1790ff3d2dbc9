# a FIFO as a statement: refused at once; the good file before it is listed
cp -r "$top_srcdir/fixtures/demo/." .
mkfifo statement.xml
snapshot_save
