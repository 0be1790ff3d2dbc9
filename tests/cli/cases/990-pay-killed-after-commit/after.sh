. "$top_srcdir/tests/cli/pay-lib.sh"
cmp pay.xml "$CASE_TMP/ref/pay.xml" || fail "the file after the kill differs from the uninterrupted run's"
cmp posted/000001-pay-*.journal "$CASE_TMP/ref/"posted/000001-pay-*.journal
assert_posted_dir 000000-clerk.journal '000001-pay-*.journal'
assert_xsd pay.xml pain.001.001.09.xsd
