"$CLERK" import -q -f books.journal s1-053.xml
