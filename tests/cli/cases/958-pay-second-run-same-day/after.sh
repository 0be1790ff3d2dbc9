. "$top_srcdir/tests/cli/pay-lib.sh"
assert_xsd pay-2.xml pain.001.001.09.xsd
grep -q '<MsgId>PAY-2026-12-01.2</MsgId>' pay-2.xml
grep -q '<EndToEndId>CLK20261201-2-0001</EndToEndId>' pay-2.xml
[ "$(grep -c '<CdtTrfTxInf>' pay-2.xml)" = 1 ] || fail "the second run pays only the new bill"
assert_books_sound books.journal
