. "$top_srcdir/tests/cli/pay-lib.sh"
cmp pay-2026-12-01.xml "$CASE_TMP/first.xml" || fail "the file written again differs from the first"
assert_posted_dir 000000-clerk.journal '000001-pay-*.journal'
assert_books_sound books.journal
assert_xsd pay-2026-12-01.xml pain.001.001.09.xsd
