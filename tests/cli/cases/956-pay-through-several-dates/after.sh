. "$top_srcdir/tests/cli/pay-lib.sh"
assert_xsd pay.xml pain.001.001.09.xsd
[ "$(grep -c '<PmtInf>' pay.xml)" = 3 ] || fail "three execution dates, three PmtInf blocks"
grep -q '<PmtInfId>PAY-2026-12-01/20261210</PmtInfId>' pay.xml
assert_books_sound books.journal
