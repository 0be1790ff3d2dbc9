. "$top_srcdir/tests/cli/pay-lib.sh"
assert_xsd pay.xml pain.001.001.09.xsd
cmp pay.xml "$CASE_DIR/pay.expected.xml" || fail "pay.xml differs from pay.expected.xml"
cmp posted/000001-pay-*.journal "$CASE_DIR/posted.expected.journal" || fail "the posted run differs"
[ "$(stat -c %a pay.xml)" = 600 ] || fail "pay.xml is not mode 0600"
assert_books_sound books.journal
# the bills paid are closed on the vendors' accounts; the transit account holds the transfers
"$CLERK" balance -f books.journal -O csv | grep -qx 'Assets:Transit,EUR,-5559.85' || fail "transit"
! "$CLERK" open -f books.journal --payables -O csv | grep -q ',PU-1001,' || fail "PU-1001 still open"
"$CLERK" open -f books.journal --payables -O csv | grep -q ',PU-1003,' || fail "PU-1003 is not due yet"
