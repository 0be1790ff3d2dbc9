. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
assert_posted_dir 000000-clerk.journal '000001-pay-*.journal' '000002-import-*.journal'
grep -q '^; clerk-import-source: pain002-v10-rjct-block.xml$' posted/000002-import-*.journal
"$CLERK" balance -f books.journal -O csv | grep -q '^Assets:Transit,' && fail "nothing in transit" || true
