# nothing changed on disk; the new books' seal still holds
tree_listing old > "$CASE_TMP/after.tree"
diff -u "$CASE_TMP/before.tree" "$CASE_TMP/after.tree" || fail "the old books changed"
"$CLERK" check -q -f new/books.journal
# a dry run refuses it as well; a batch dated after the close posts
"$CLERK" post -n -f old/books.journal late.journal 2>/dev/null && fail "the dry run accepted it"
"$CLERK" post -q -f old/books.journal december.journal
# (paper was closed to retained earnings through 2026-11-30: only December's 120.00)
[ "$("$CLERK" balance -f old/books.journal Expenses:Paper -O csv)" = "account,commodity,amount
Expenses:Paper,EUR,120.00" ] || fail "the December batch was not posted"
