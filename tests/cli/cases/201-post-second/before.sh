"$CLERK" post -q -f books.journal batch1.journal
