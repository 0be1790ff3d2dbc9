# finding 3: a run dated the 25th posts the statements up to the 25th; those
# of the 26th and 27th wait in the inbox, listed, not posted
cp -r "$top_srcdir/fixtures/demo/." .
