# the closed books answer as the unclosed ones, and each year's books check and agree with hledger
diff -u all-decisions.csv "$OUT" || fail "the decisions differ from the unclosed books'"
for d in 2026-11-28 2027-03-01; do
	for cmd in "open --all" "aging" "collections"; do
		"$CLERK" $cmd -f all/books.journal --date $d -O csv > "$CASE_TMP/a.csv"
		"$CLERK" $cmd -f y2022/books.journal --date $d -O csv > "$CASE_TMP/b.csv"
		diff -u "$CASE_TMP/a.csv" "$CASE_TMP/b.csv" | head -20
		cmp -s "$CASE_TMP/a.csv" "$CASE_TMP/b.csv" || fail "$cmd --date $d differs"
	done
done
"$CLERK" balance -f all/books.journal -O csv | grep -v '^Income' > "$CASE_TMP/a.csv"
"$CLERK" balance -f y2022/books.journal -O csv | grep -v '^Income' > "$CASE_TMP/b.csv"
# the retained earnings of 2020 and 2021 are Income:Sales of those years in the unclosed books
grep -v '^Equity:Retained' "$CASE_TMP/b.csv" > "$CASE_TMP/b2.csv"
diff -u "$CASE_TMP/a.csv" "$CASE_TMP/b2.csv" || fail "balance-sheet balances differ"
"$CLERK" balance -f y2022/books.journal -O csv | grep '^Income' > "$CASE_TMP/i.csv" || true
"$CLERK" balance -f all/books.journal --begin 2022-01-01 -O csv | grep '^Income' > "$CASE_TMP/j.csv" || true
diff -u "$CASE_TMP/j.csv" "$CASE_TMP/i.csv" || fail "the last year's income is not 2022's"
for b in y2020 y2021 y2022 all; do
	"$CLERK" check -q -f $b/books.journal
	assert_hledger_agrees $b/books.journal
done
