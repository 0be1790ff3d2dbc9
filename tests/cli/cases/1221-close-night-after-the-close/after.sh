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
# the report's days sales outstanding: its 90 days of credit sales reach back
# before the close, to items in the history file, which the night counts
# from the keys file's sales lines (formats/close.md): as in the unclosed
# books, and as clerk report, which reads the history file, counts them
dso() { sed -n '/<section id="dso">/,/<\/section>/p' "$1"; }
dso new/out/2026-11-26/report.html > "$CASE_TMP/dso-new"
grep -q 'dso-sales' "$CASE_TMP/dso-new"
grep -q '^s	' new/books.history.keys
diff "$CASE_TMP/dso-new" <(dso unclosed/out2/2026-11-26/report.html)
"$CLERK" report -f new/books.journal -o "$CASE_TMP/report.html" --date 2026-11-26
diff "$CASE_TMP/dso-new" <(dso "$CASE_TMP/report.html")
