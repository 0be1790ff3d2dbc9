assert_root_is "$CASE_TMP/root.orig"
assert_posted 000001 batch1.journal
assert_hledger_agrees books.journal
