. "$top_srcdir/tests/cli/pay-lib.sh"
cmp again.xml pay-2026-12-01.xml || fail "the rewritten file differs"
assert_posted_dir 000000-clerk.journal '000001-pay-*.journal'
assert_xsd again.xml pain.001.001.09.xsd
