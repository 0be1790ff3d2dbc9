tree_listing . > "$CASE_TMP/after.tree"
diff -u "$CASE_TMP/before.tree" "$CASE_TMP/after.tree" || fail "something was written"
[ ! -e out ] || fail "out/ was made"
# verifying the old books' packs is reading: still works (case 1220); the new books run
"$CLERK" check -q -f old/books.journal
