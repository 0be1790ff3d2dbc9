. "$top_srcdir/tests/cli/pay-lib.sh"
assert_xsd reports/pain002-v10-rjct-file.xml pain.002.001.10.xsd
assert_books_sound books.journal
"$CLERK" balance -f books.journal -O csv | grep -q '^Assets:Transit,' && fail "nothing in transit" || true
# the bills and credits are as before the run; the netted credit (no transfer) stays netted
"$CLERK" open -f books.journal --payables -O csv | grep -q ',BK-CN-2,' || fail "the credit note is back"
