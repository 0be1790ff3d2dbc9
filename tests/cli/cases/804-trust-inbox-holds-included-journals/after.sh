snapshot_check
"$CLERK" check -q -f books.journal
