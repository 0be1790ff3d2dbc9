grep -q 'dunned: INV-2026-0085, dunning-level: 1' new/books.journal || fail "Elbe's notice was not carried"
for d in 2026-12-01 2026-12-04 2027-01-10; do
	for c in collections "open --all --closed" aging; do
		diff -u <("$CLERK" $c -f unclosed/books.journal --date $d -O csv) \
			<("$CLERK" $c -f new/books.journal --date $d -O csv) || fail "$c --date $d differs"
	done
	"$CLERK" letters --dry-run -f unclosed/books.journal --date $d --out x > "$CASE_TMP/a"
	"$CLERK" letters --dry-run -f new/books.journal --date $d --out x > "$CASE_TMP/b"
	diff -u "$CASE_TMP/a" "$CASE_TMP/b" || fail "letters --date $d differ"
done
# the later night's notices are the same: none for Elbe on 2026-12-01, one on 2026-12-04
"$CLERK" collections -f new/books.journal --date 2026-12-04 -O csv | grep -q '^Elbe Logistik AG,.*,yes,2026-11-20,' ||
	fail "no notice due on 2026-12-04"
"$CLERK" check -q -f new/books.journal
