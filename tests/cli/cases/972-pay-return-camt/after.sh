. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
"$CLERK" open -f books.journal --payables -O csv --date 2026-12-08 | grep -q '^Elbstrom Energie GmbH,.*,EL-2026-11,.*,312.45,312.45,item,' || fail "EL-2026-11 is open again"
"$CLERK" pay -f books.journal --date 2026-12-09 --dry-run -O csv | grep -q ',EL-2026-11,.*,312.45,CLK20261209-1-0001,pay,' || fail "the next run pays it again"
"$CLERK" balance -f books.journal -O csv | grep -q '^Assets:Transit,' && fail "nothing in transit" || true
