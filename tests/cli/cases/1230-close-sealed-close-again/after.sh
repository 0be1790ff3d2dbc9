for args in "--through 2026-11-30 --to other/books.journal" "--through 2026-12-31 --to other/books.journal" \
	"--through 2026-11-30 --to other/books.journal --dry-run"; do
	rc=0
	"$CLERK" close -f old/books.journal $args > /dev/null 2> "$CASE_TMP/err" || rc=$?
	[ $rc -eq 2 ] || fail "close $args: status $rc"
	grep -q "are sealed: .* commit to the new books 'new/books.journal' instead" "$CASE_TMP/err" || fail "close $args: $(cat "$CASE_TMP/err")"
done
tree_listing . > "$CASE_TMP/after.tree"
diff -u "$CASE_TMP/before.tree" "$CASE_TMP/after.tree" || fail "something was written"
# the same close again finds everything done
[ "$("$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal)" = "old/books.journal was closed through 2026-11-30 already
found new/books.journal: the new books from 2026-12-01 on" ] || fail "the same close again"
