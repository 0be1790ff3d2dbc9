[ "$RC" = 137 ] || fail "not killed"
[ -f new/books.history.journal ] && [ -f new/books.history.keys ] || fail "the history files were not written before"
[ -e new/books.journal ] && fail "the new root was written"
"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal > "$CASE_TMP/rerun.out"
grep -q '^wrote new/books.journal' "$CASE_TMP/rerun.out" || fail "the rerun did not write the new root"
mkdir "$CASE_TMP/ref" && cd "$CASE_TMP/ref"
old_settled_books
cd "$CASE_WORK"
diff -r -x '*.lock' "$CASE_TMP/ref/old" old || fail "old books differ from an uninterrupted close"
diff -r "$CASE_TMP/ref/new" new || fail "new books differ from an uninterrupted close"
"$CLERK" check -q -f new/books.journal
# a history file that is not this close's is refused, nothing written over it
echo '; mine' > new/books.history.keys
"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal 2> "$CASE_TMP/err" && fail "a foreign keys file was accepted"
grep -q "exists and is not the keys file this close writes" "$CASE_TMP/err" || fail "no reason"
[ "$(cat new/books.history.keys)" = '; mine' ] || fail "the keys file was overwritten"
