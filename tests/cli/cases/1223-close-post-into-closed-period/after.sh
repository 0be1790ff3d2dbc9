# the real post is refused as well (the books are sealed, exit 2)
rc=0
"$CLERK" post -f old/books.journal late.journal 2> "$CASE_TMP/err" || rc=$?
[ $rc -eq 2 ] || fail "the post: status $rc"
grep -q "closed through 2026-11-30 .* and are sealed" "$CASE_TMP/err" || fail "$(cat "$CASE_TMP/err")"
# nothing changed on disk; the new books' seal still holds
tree_listing old > "$CASE_TMP/after.tree"
diff -u "$CASE_TMP/before.tree" "$CASE_TMP/after.tree" || fail "the old books changed"
"$CLERK" check -q -f new/books.journal
