for d in 2026-11-28 2026-12-10 2027-01-05; do
	for cmd in collections "open --all" aging; do
		"$CLERK" $cmd -f old/books.journal --date $d -O csv > "$CASE_TMP/a"
		"$CLERK" $cmd -f new/books.journal --date $d -O csv > "$CASE_TMP/b"
		diff -u "$CASE_TMP/a" "$CASE_TMP/b" || fail "$cmd --date $d differs"
	done
	"$CLERK" letters --dry-run -f old/books.journal --date $d --out x > "$CASE_TMP/a"
	"$CLERK" letters --dry-run -f new/books.journal --date $d --out x > "$CASE_TMP/b"
	diff -u "$CASE_TMP/a" "$CASE_TMP/b" || fail "letters --date $d differ"
done
grep -q 'dunned: INV-2026-0071, dunning-level: 4' new/books.journal || fail "notice not carried"
