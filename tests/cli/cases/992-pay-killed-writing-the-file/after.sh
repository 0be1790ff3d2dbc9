. "$top_srcdir/tests/cli/pay-lib.sh"
cmp pay.xml "$CASE_TMP/ref/pay.xml"
! ls -A | grep -q '^\.pay\.xml\.tmp\.' || fail "a temporary file is left"
