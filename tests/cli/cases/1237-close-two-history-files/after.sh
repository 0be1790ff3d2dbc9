head -c 17 new/more.history.journal | grep -q '^; clerk-history: ' || fail "not a history file"
"$CLERK" import -n -f plain/books.journal -O csv st.xml > "$CASE_TMP/a.csv"
diff -u "$CASE_TMP/a.csv" "$OUT" || fail "the decisions differ from the books read whole"
grep -q '^ref:H1,.*,overpaid,invoice-number,.*pays INV-2026-0003, already settled' "$OUT" || fail "INV-2026-0003 not found settled"
