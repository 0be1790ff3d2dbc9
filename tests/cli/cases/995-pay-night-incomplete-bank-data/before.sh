# a statement of the night is set aside: the bank data are not complete (a
# bill may have been paid in it), so the night pays nothing, says why and
# exits 5; nothing goes into transit
. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
mkdir inbox
head -c 1500 bank/2026-12-01-camt053.xml >inbox/broken.xml
