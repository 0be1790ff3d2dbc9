# the zero balances are still zero in the new books
for a in "Assets:Receivable:Elbe Logistik" "Assets:Receivable:Fjord Design" "Liabilities:Payable:Papierhaus Nord"; do
	[ "$("$CLERK" balance -f new/books.journal "$a" -O csv --empty | tail -n +2)" = "$a,EUR,0.00" ] ||
		fail "$a is not zero in the new books"
done
# the same items, aging and collections as the unclosed books after the close
for d in 2026-11-25 2026-12-20 2027-02-01; do
	for c in "open --all" "open --all --closed" "aging" "collections"; do
		diff -u <("$CLERK" $c -f unclosed/books.journal --date $d -O csv) \
			<("$CLERK" $c -f new/books.journal --date $d -O csv) || fail "$c --date $d differs"
	done
done
# the rest of the week: the same decisions (matching), open items, aging and collections
rc=0
"$CLERK" run -q -f new/books.journal --inbox new/inbox --out new/out --date 2026-11-27 || rc=$?
[ $rc -eq 5 ] || fail "the night on the new books: status $rc"
rc=0
"$CLERK" run -q -f unclosed/books.journal --inbox unclosed/inbox2 --out unclosed/out2 --date 2026-11-27 || rc=$?
[ $rc -eq 5 ] || fail "the night on the unclosed books: status $rc"
for f in decisions.csv collections.csv aging-receivables.csv aging-payables.csv exceptions.txt; do
	diff -u "unclosed/out2/2026-11-27/$f" "new/out/2026-11-27/$f" || fail "the night's $f differs"
done
for c in "open --all" aging collections; do
	diff -u <("$CLERK" $c -f unclosed/books.journal --date 2026-11-30 -O csv) \
		<("$CLERK" $c -f new/books.journal --date 2026-11-30 -O csv) || fail "$c after the night differs"
done
"$CLERK" check -q -f new/books.journal
assert_hledger_agrees new/books.journal
