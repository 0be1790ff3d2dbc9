. "$top_srcdir/tests/cli/pay-lib.sh"
[ "$(grep -c 'match: cleared' posted/000002-run-*.journal)" = 5 ] || fail "not 5 cleared: $(grep -c 'match: cleared' posted/000002-run-*.journal)"
[ "$("$CLERK" balance -f books.journal -O csv Assets:Transit | grep -c ',-2332.40$')" = 1 ] ||
	"$CLERK" balance -f books.journal -O csv | grep Transit
[ ! -e out/2026-12-02/payments ]
"$CLERK" verify -f books.journal out/packs/clerk-2026-12-02.zip >/dev/null
assert_books_sound books.journal
