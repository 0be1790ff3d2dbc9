rc=0
"$CLERK" run -q -f unclosed/books.journal --inbox unclosed/inbox2 --out unclosed/out2 --date 2026-11-26 || rc=$?
[ $rc -eq 5 ]
for f in decisions.csv collections.csv aging-receivables.csv aging-payables.csv exceptions.txt; do
	cmp "new/out/2026-11-26/$f" "unclosed/out2/2026-11-26/$f"
done
for c in open aging collections; do
	diff <("$CLERK" $c -f new/books.journal --date 2026-11-26 -O csv) \
		<("$CLERK" $c -f unclosed/books.journal --date 2026-11-26 -O csv)
done
# the statement was imported once, and its movements posted
[ -z "$(ls new/inbox)" ]
"$CLERK" verify new/out/packs/clerk-2026-11-26.zip -f new/books.journal >/dev/null
