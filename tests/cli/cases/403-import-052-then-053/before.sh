"$CLERK" import -q -f books.journal r1-052.xml
