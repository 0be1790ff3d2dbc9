tree_listing . > "$CASE_TMP/after.tree"
diff -u "$CASE_TMP/before.tree" "$CASE_TMP/after.tree" || fail "something was written"
# a dry run still reads the statement against the old books; the new books take it
"$CLERK" import -n -q -f old/books.journal old/inbox/2026-11-26-camt053.xml
"$CLERK" import -q -f new/books.journal old/inbox/2026-11-26-camt053.xml
"$CLERK" check -q -f new/books.journal
