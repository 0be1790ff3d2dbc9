. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
pay_run 2026-12-01
mv pay-2026-12-01.xml "$CASE_TMP/first.xml"
