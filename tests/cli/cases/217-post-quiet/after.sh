assert_posted_dir 000000-clerk.journal '000001-batch-*.journal'
assert_posted 000001 batch1.journal
