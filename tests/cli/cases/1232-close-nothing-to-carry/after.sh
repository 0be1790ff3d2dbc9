grep -q '^2026-11-30 \* Closing the period through 2026-11-30: no income or expenses to carry  ; clerk-close: 2026-11-30, clerk-new-root: ../../new/books.journal$' old/posted/000001-close-*.journal ||
	fail "closing transaction: $(cat old/posted/000001-close-*.journal)"
[ "$(grep -c '^    Equity:Retained  0$' old/posted/000001-close-*.journal)" = 2 ] || fail "not two zero postings"
rc=0
"$CLERK" post -q -f old/books.journal december.journal 2> "$CASE_TMP/err" || rc=$?
[ $rc -eq 2 ] || fail "post into the sealed books: status $rc"
grep -q "are sealed" "$CASE_TMP/err" || fail "$(cat "$CASE_TMP/err")"
grep -q "clerk-seal: .*old/posted/000001-close-" new/books.journal || fail "the closing file is not sealed"
"$CLERK" check -q -f new/books.journal
"$CLERK" post -q -f new/books.journal december.journal
"$CLERK" balance -f new/books.journal -O csv > "$CASE_TMP/bal"
grep -qx "Assets:Bank,EUR,1010.00" "$CASE_TMP/bal" || fail "balance: $(cat "$CASE_TMP/bal")"
