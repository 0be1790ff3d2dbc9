snapshot_check
"$CLERK" collections -f books.journal --date 2026-11-28 | tail -n 1 | grep -q "^6 notices held: the statements of"
