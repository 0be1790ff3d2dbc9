set -e
# clerk post of a good batch into these books: the books' warning is shown,
# the batch is posted all the same (warnings in the books are not the batch's)
"$CLERK" post -f books.journal batches/2026-11-30-invoices.journal >"$CASE_TMP/post.out" 2>"$CASE_TMP/post.err" ||
	fail "post refused: $(cat "$CASE_TMP/post.err")"
cmp "$CASE_TMP/post.err" "$ERR" || fail "post does not show the books' warning: $(cat "$CASE_TMP/post.err")"
assert_posted 000001 batches/2026-11-30-invoices.journal
