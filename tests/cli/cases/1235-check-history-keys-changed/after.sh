rm new/books.history.keys
"$CLERK" check -f new/books.journal > /dev/null 2> "$CASE_TMP/err" || fail "check fails without the keys file"
grep -q "warning: no keys file 'new/books.history.keys'" "$CASE_TMP/err" || fail "no warning"
"$CLERK" import -n -f unclosed/books.journal -O csv st.xml > "$CASE_TMP/a.csv"
"$CLERK" import -n -f new/books.journal -O csv st.xml > "$CASE_TMP/b.csv"
diff -u "$CASE_TMP/a.csv" "$CASE_TMP/b.csv" || fail "the decisions differ from the unclosed books'"
grep -q ',overpaid,' "$CASE_TMP/b.csv" || fail "not overpaid"
