"$CLERK" post -q -f books.journal batch1.journal
"$CLERK" post -q -f books.journal batch2.journal
