. "$top_srcdir/tests/cli/pay-lib.sh"
assert_xsd reports/pain002-dk-rjct-zuercher.xml pain.002.001.03.xsd
assert_books_sound books.journal
"$CLERK" open -f books.journal --payables -O csv | grep -q ',ZS-1,.*,150.00,item,' || fail "ZS-1 is open again"
