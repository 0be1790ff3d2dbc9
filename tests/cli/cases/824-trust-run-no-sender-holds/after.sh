[ ! -e out/2026-11-28/letters ]
! grep -q dunning-notice posted/*-run-*.journal
grep -q "^Dunning held: .*letters cannot be written (" out/2026-11-28/exceptions.txt
# clerk letters refuses too, and clerk collections shows nothing held for the bank data
"$CLERK" collections -f books.journal --date 2026-11-28 -O csv | grep -q ",yes,"
