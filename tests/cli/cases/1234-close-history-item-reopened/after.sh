"$CLERK" import -n -f unclosed/books.journal -O csv st.xml > "$CASE_TMP/a.csv"
diff -u "$CASE_TMP/a.csv" "$OUT" || fail "the decisions differ from the unclosed books'"
grep -q '^ref:H1,.*,matched,invoice-number,.*,INV-2026-0001,' "$OUT" || fail "INV-2026-0001 not matched"
"$CLERK" open -f new/books.journal --date 2026-12-02 -O csv | grep -q INV-2026-0001 || fail "INV-2026-0001 not open"
