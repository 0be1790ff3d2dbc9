grep -q '^; the history file (books.history.journal, beside it, with its keys)$' dry.out || fail "the dry run does not show the history file"
[ -f new/books.history.journal ] && [ -f new/books.history.keys ] || fail "no history file"
grep -q '^include books.history.journal$' new/books.journal || fail "the new root does not include the history file"
grep -q 'INV-2026-0001' new/books.journal && fail "the settled item is still in the new root"
grep -q 'INV-2026-0002' new/books.history.journal && fail "an open item went to the history file"
"$CLERK" import -n -f unclosed/books.journal -O csv st.xml > "$CASE_TMP/a.csv"
diff -u "$CASE_TMP/a.csv" "$OUT" || fail "the decisions differ from the unclosed books'"
grep -c ',overpaid,' "$OUT" | grep -qx 2 || fail "not two overpaid"
for c in "open --all --closed" aging collections "statement --all --from 2026-12-01"; do
	"$CLERK" $c -f unclosed/books.journal --date 2026-12-05 -O csv > "$CASE_TMP/a.out" 2>/dev/null || fail "$c failed"
	"$CLERK" $c -f new/books.journal --date 2026-12-05 -O csv > "$CASE_TMP/b.out" 2>/dev/null || fail "$c failed"
	[ -s "$CASE_TMP/a.out" ] || fail "$c printed nothing"
	diff -u "$CASE_TMP/a.out" "$CASE_TMP/b.out" || fail "$c differs"
done
grep -q '2026-12-01,brought-forward,,,,,,500.00$' "$CASE_TMP/b.out" || fail "the statement of account does not bring the opening forward"
# before the opening, a statement needs the closed books
"$CLERK" statement -f new/books.journal --from 2026-11-01 --date 2026-12-05 --all 2> "$CASE_TMP/err" && fail "a statement from before the opening"
grep -q 'needs the closed books' "$CASE_TMP/err" || fail "no reason given"
# the night (clerk run) decides the same; its audit pack lists the history file
for b in unclosed new; do
	mkdir $b/inbox && cp st.xml $b/inbox/2026-12-03-camt053.xml
	rc=0; "$CLERK" run -q -f $b/books.journal --inbox $b/inbox --out $b/out --date 2026-12-04 || rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 5 ] || fail "the night on $b exited $rc"
done
cmp unclosed/out/2026-12-04/decisions.csv new/out/2026-12-04/decisions.csv || fail "the nights' decisions differ"
grep -q ',overpaid,' new/out/2026-12-04/decisions.csv || fail "the night did not find the settled invoice"
grep -q 'books.history.journal' new/out/2026-12-04/books.tsv || fail "books.tsv does not list the history file"
for p in new/out/packs/*.zip; do
	"$CLERK" verify "$p" -f new/books.journal > /dev/null || fail "the night's pack does not verify"
done
"$CLERK" check -q --strict -f new/books.journal || fail "check --strict"
assert_hledger_agrees new/books.journal
assert_ledger_agrees new/books.journal
