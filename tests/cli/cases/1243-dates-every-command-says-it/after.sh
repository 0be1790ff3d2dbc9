# every command that defaults its date says it, in one line on stderr, with
# the books' last transaction (2026-11-22) since today (2026-12-05) is after it
note="as of 2026-12-05 (today); the books' last transaction is dated 2026-11-22"
for cmd in "aging" "aging -O csv" "open -O json" "collections" "letters -n" "report -o r.html" \
	"statement --all" "bs -O csv" "is"; do
	"$CLERK" $cmd -f books.journal >/dev/null 2>"$CASE_TMP/e" || fail "clerk $cmd failed: $(cat "$CASE_TMP/e")"
	[ "$(cat "$CASE_TMP/e")" = "clerk ${cmd%% *}: $note" ] || fail "clerk $cmd said: $(cat "$CASE_TMP/e")"
done
# the same commands given that date say the note without "(today)"
for cmd in "aging" "open" "collections" "letters -n" "statement --all" "bs" "report -o r.html"; do
	"$CLERK" $cmd -f books.journal --date 2026-12-05 >/dev/null 2>"$CASE_TMP/e"
	[ "$(cat "$CASE_TMP/e")" = "clerk ${cmd%% *}: as of 2026-12-05; the books' last transaction is dated 2026-11-22" ] ||
		fail "clerk $cmd --date said: $(cat "$CASE_TMP/e")"
	# and nothing when the date is not after the last transaction
	"$CLERK" $cmd -f books.journal --date 2026-11-22 >/dev/null 2>"$CASE_TMP/e"
	[ ! -s "$CASE_TMP/e" ] || fail "clerk $cmd --date 2026-11-22 said: $(cat "$CASE_TMP/e")"
done
# bs --end and is --end: the day before END is the date
"$CLERK" bs -f books.journal --end 2026-12-01 2>&1 >/dev/null | grep -qx "clerk bs: as of 2026-11-30; the books' last transaction is dated 2026-11-22" || fail "bs --end"
"$CLERK" is -f books.journal --end 2026-11-23 2>&1 >/dev/null | grep -q . && fail "is --end on the last day said something"
# pay (its own books): today, the note; postings dated today
. "$top_srcdir/tests/cli/pay-lib.sh"
mkdir p && cd p && pay_books
"$CLERK" pay -f books.journal -n -O csv >/dev/null 2>"$CASE_TMP/e"
[ "$(cat "$CASE_TMP/e")" = "clerk pay: as of 2026-12-05 (today); the books' last transaction is dated 2026-11-25" ] || fail "clerk pay said: $(cat "$CASE_TMP/e")"
# empty books: the note says they have no transactions
printf 'account Assets:Bank\n' >empty.journal
"$CLERK" aging -f empty.journal 2>&1 >/dev/null | grep -qx "clerk aging: as of 2026-12-05 (today); the books have no transactions" || fail "empty books"
