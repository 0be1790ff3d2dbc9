"$CLERK" import -q -f books.journal s1.xml
