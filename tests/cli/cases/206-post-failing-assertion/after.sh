snapshot_check
[ ! -e posted ] || fail "posted/ was created"
cmp books.journal "$top_srcdir/tests/cli/fixtures/books/books.journal"
