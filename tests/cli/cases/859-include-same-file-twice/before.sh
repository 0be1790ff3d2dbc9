# the books include payments.journal a second time: refused at the second
# include (its transactions would count twice; files including each other
# twice over made the reading grow exponentially), nothing posted
cp -r "$top_srcdir/fixtures/demo/." .
echo "include payments.journal" >>books.journal
snapshot_save
