# The new books answer as the old ones for every date after the close, before
# and after the same December postings; income and expenses start at zero.
# (the root, and the history file of its settled receivable items with its keys)
[ -z "$(ls -A new | grep -v -e '^books.journal$' -e '^books.history.journal$' -e '^books.history.keys$')" ] ||
	fail "new/ holds more than the root and its history file"
[ -s new/books.history.keys ] || fail "no history file"
[ "$(stat -c %a new/books.journal)" = 600 ] || fail "new root not mode 0600"
"$CLERK" check -q --strict -f new/books.journal
"$CLERK" check -q -f old/books.journal
same() { # OLD_BOOKS EXCLUDED...: the same items, aging, collections and balance-sheet balances
	local old=$1
	shift
	for cmd in "open --all" "open --all --closed" "aging" "aging --payables" "collections"; do
		for d in 2026-12-01 2026-12-15 2027-01-31; do
			"$CLERK" $cmd -f $old --date $d -O csv > "$CASE_TMP/a.csv"
			"$CLERK" $cmd -f new/books.journal --date $d -O csv > "$CASE_TMP/b.csv"
			diff -u "$CASE_TMP/a.csv" "$CASE_TMP/b.csv" || fail "$cmd --date $d differs"
		done
	done
	# balance-sheet balances: every account that is not income or expenses (nor excluded)
	"$CLERK" balance -f $old -O csv | grep -v -e '^Income' -e '^Expenses' "$@" > "$CASE_TMP/a.csv"
	"$CLERK" balance -f new/books.journal -O csv | grep -v -e '^Income' -e '^Expenses' -e '^Equity:Conversion' "$@" > "$CASE_TMP/b.csv"
	diff -u "$CASE_TMP/a.csv" "$CASE_TMP/b.csv" || fail "balance-sheet balances differ"
}
same old/books.journal
# income and expenses: zero in the old books through the close, absent from the new
"$CLERK" balance -f old/books.journal --end 2026-12-01 -O csv | grep -e '^Income' -e '^Expenses' | grep -v ',0.00$' && fail "income or expenses left in the old books"
"$CLERK" balance -f new/books.journal -O csv | grep -e '^Income' -e '^Expenses' && fail "the new books start with income or expenses"
assert_hledger_agrees old/books.journal
assert_hledger_agrees new/books.journal
# the same new postings in the new books and in a copy of the books made before
# the close (the old books are sealed: a commit to them is refused, exit 2)
cat > "$CASE_TMP/dec.journal" <<'J'
2026-12-03 * Alster Cafe | pays INV-2026-0086 rest
    Assets:Bank:Operating                   333.00 EUR
    Assets:Receivable:Alster Cafe          -333.00 EUR  ; invoice: INV-2026-0086
2026-12-04 * (EE-7731-11) Elbstrom Energie | electricity November
    Liabilities:Payable:Elbstrom           -500.00 EUR  ; invoice: EE-7731-11, due: 2026-12-18
    Expenses:Energy                         500.00 EUR
J
rc=0
"$CLERK" post -q -f old/books.journal "$CASE_TMP/dec.journal" 2>/dev/null || rc=$?
[ $rc -eq 2 ] || fail "a post to the sealed books: status $rc"
"$CLERK" post -q -f unclosed/books.journal "$CASE_TMP/dec.journal"
"$CLERK" post -q -f new/books.journal "$CASE_TMP/dec.journal"
# (the copy's income and expenses are not closed: its equity differs by the period's result)
same unclosed/books.journal -e '^Equity'
assert_hledger_agrees new/books.journal
