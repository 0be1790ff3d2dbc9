fixture=$top_srcdir/tests/cli/fixtures/books
assert_posted_dir 000000-clerk.journal '000001-batch-*.journal'
assert_posted 000001 batch1.journal
assert_root_is "$fixture/books.journal"
[ "$(stat -c %a books.journal)" = "$(stat -c %a "$fixture/books.journal")" ] ||
	fail "the root journal lost its mode"
# the placeholder: mode 0600, comments only
[ "$(stat -c %a posted/000000-clerk.journal)" = 600 ]
if grep -qv '^;' posted/000000-clerk.journal; then fail "the placeholder holds more than comments"; fi
"$CLERK" check -q -f books.journal
assert_hledger_agrees books.journal
