# clerk run --pay: the night makes the payment run of its date after the
# statements and notices; the pain.001 is the same file `clerk pay` writes,
# goes to OUT/RUN/payments/ and into the pack; the pack re-runs
. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
mkdir inbox
