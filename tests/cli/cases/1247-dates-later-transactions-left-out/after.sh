# today is before two transactions: every report as of today leaves them out and says so
line="as of 2026-12-05 (today); 2 transactions dated after it are left out"
for cmd in "open" "aging" "is" "statement --all"; do
	"$CLERK" $cmd -f books.journal >/dev/null 2>"$CASE_TMP/e" || fail "clerk $cmd failed: $(cat "$CASE_TMP/e")"
	[ "$(cat "$CASE_TMP/e")" = "clerk ${cmd%% *}: $line" ] || fail "clerk $cmd said: $(cat "$CASE_TMP/e")"
done
"$CLERK" open -f books.journal -O csv 2>/dev/null | grep -q ',NW-2,' && fail "NW-2, dated after today, is open today"
"$CLERK" open -f books.journal -O csv 2>/dev/null | grep -q ',NW-1,' || fail "NW-1 is not open"
# is without --end ends today: its net result (1,190.00 - 800.00) is the balance sheet's current result
"$CLERK" is -f books.journal -O csv 2>/dev/null | grep -qx 'net,,EUR,390.00' || fail "is net result is not 390.00"
grep -q ' 390.00 EUR  current result' "$OUT" || fail "bs current result is not 390.00"
# a given date is the user's choice: nothing is said about later transactions
"$CLERK" bs -f books.journal --date 2026-12-05 2>"$CASE_TMP/e" | cmp - "$OUT" || fail "bs --date 2026-12-05 differs"
[ ! -s "$CASE_TMP/e" ] || fail "bs --date said: $(cat "$CASE_TMP/e")"
# hledger agrees with the books as a whole
assert_hledger_agrees books.journal
