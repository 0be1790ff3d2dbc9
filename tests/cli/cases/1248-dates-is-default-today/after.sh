# is without --end: the period ends with today (2026-12-05), as --end 2026-12-06
"$CLERK" is -f books.journal --end 2026-12-06 2>"$CASE_TMP/e" | cmp - "$OUT" || fail "is differs from is --end 2026-12-06"
grep -qx "clerk is: as of 2026-12-05; the books' last transaction is dated $(sed -n "s/.*dated //p" "$ERR")" "$CASE_TMP/e" || fail "is --end said: $(cat "$CASE_TMP/e")"
# with --begin too, still up to today
"$CLERK" is -f books.journal -b 2023-01-15 2>/dev/null | grep -qx "Income statement for 2023-01-15 to 2026-12-05" || fail "is -b: the period does not end today"
