assert_posted_dir 000000-clerk.journal '000001-batch-*.journal' '000002-batch-*.journal'
assert_posted 000001 batch1.journal
assert_posted 000002 batch2.journal
assert_root_is "$top_srcdir/tests/cli/fixtures/books/books.journal"
assert_hledger_agrees books.journal
