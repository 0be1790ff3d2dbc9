. "$top_srcdir/tests/cli/pay-lib.sh"
assert_xsd reports/pain002-v10-rjct-lagerhaus.xml pain.002.001.10.xsd
assert_books_sound books.journal
"$CLERK" open -f books.journal --payables -O csv | grep -q ',LS-17,.*,600.00,item,' || fail "LS-17 is open again"
"$CLERK" pay -f books.journal --date 2026-12-02 --dry-run -O csv | grep -q ',LS-17,.*,CLK20261202-1-0001,pay,' || fail "the next run proposes it again"
