# Thursday's statement: the same decisions and the same open items as in a copy
# of the books made before the close (the old books are sealed)
"$CLERK" import -f unclosed/books.journal -O csv old/inbox/2026-11-26-camt053.xml > "$CASE_TMP/old.csv"
diff -u "$CASE_TMP/old.csv" "$OUT" || fail "the decisions differ from the old books'"
for cmd in "open --all" "aging" "collections"; do
	"$CLERK" $cmd -f unclosed/books.journal --date 2026-11-30 -O csv > "$CASE_TMP/a.csv"
	"$CLERK" $cmd -f new/books.journal --date 2026-11-30 -O csv > "$CASE_TMP/b.csv"
	diff -u "$CASE_TMP/a.csv" "$CASE_TMP/b.csv" || fail "$cmd differs"
done
"$CLERK" check -q -f new/books.journal
assert_hledger_agrees new/books.journal
