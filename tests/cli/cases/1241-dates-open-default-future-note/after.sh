# the rows are as of today, 2026-12-05: days past due counted to it
"$CLERK" open -f books.journal --date 2026-12-05 2>/dev/null | cmp - "$OUT" || fail "open without --date is not open as of 2026-12-05"
