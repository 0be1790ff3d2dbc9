. "$top_srcdir/tests/cli/pay-lib.sh"
cmp pay.xml "$CASE_TMP/ref/pay.xml"
! ls -A | grep -q '^\.pay\.xml\.tmp\.' || fail "a temporary file is left"
assert_xsd pay.xml pain.001.001.09.xsd
