. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
"$CLERK" balance -f books.journal -O csv | grep -qx 'Assets:Transit,EUR,-2332.40' || fail "only DF-77's transfer stays in transit"
"$CLERK" pay -f books.journal --date 2026-12-02 --dry-run -O csv >proposal.csv
[ "$(grep -c ',in-transit,' proposal.csv)" = 1 ] || fail "one bill in transit"
grep -q ',DF-77,.*,in-transit,' proposal.csv
