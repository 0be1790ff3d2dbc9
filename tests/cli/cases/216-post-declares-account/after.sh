assert_posted_dir 000000-clerk.journal '000001-batch-*.journal'
assert_posted 000001 travel.journal
"$CLERK" check -q --strict -f books.journal
assert_hledger_agrees books.journal
