[ ! -e posted ] || fail "posted/ was created in the working directory"
cd ledger
assert_posted_dir 000000-clerk.journal '000001-batch-*.journal'
# the batch was given as ../batch1.journal relative to ledger/
cp ../batch1.journal batch1.journal
assert_posted 000001 batch1.journal
assert_root_is "$top_srcdir/tests/cli/fixtures/books/books.journal"
assert_hledger_agrees books.journal
