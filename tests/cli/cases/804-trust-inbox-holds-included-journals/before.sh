# the inbox is the folder of journals the books include: refused once the
# books are loaded, before anything changes
cp -r "$top_srcdir/fixtures/demo/." .
mkdir journals
mv opening.journal invoices.journal journals/
sed -i "s|^include opening.journal|include journals/opening.journal|; s|^include invoices.journal|include journals/invoices.journal|" books.journal
cp inbox/*.xml journals/
snapshot_save
