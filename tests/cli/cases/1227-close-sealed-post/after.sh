refused() { # what CMD...: exit 2 and the books' message
	local what=$1 rc=0
	shift
	"$CLERK" "$@" > "$CASE_TMP/out" 2> "$CASE_TMP/err" || rc=$?
	[ $rc -eq 2 ] || fail "$what: status $rc: $(cat "$CASE_TMP/err")" || return 1
	grep -q "^clerk: error: the books 'old/books.journal' were closed through 2026-11-30 .* commit to the new books 'new/books.journal' instead\$" "$CASE_TMP/err" ||
		fail "$what: $(cat "$CASE_TMP/err")"
}
refused "post -q" post -q -f old/books.journal december.journal
refused invoice invoice -q -f old/books.journal --out invoices "$top_srcdir/fixtures/demo/billing/2026-12.csv"
refused receive receive -q -f old/books.journal "$top_srcdir/fixtures/demo/bills-inbox/2026-11-27-nordlicht-NL-5511.xml"
refused pay pay -q -f old/books.journal --date 2026-12-01 --out pay.xml
refused "letters --record" letters -f old/books.journal --date 2026-12-01 --out letters --record
# nothing was written (no invoice, payment file or letter either)
tree_listing . > "$CASE_TMP/after.tree"
diff -u "$CASE_TMP/before.tree" "$CASE_TMP/after.tree" || fail "something was written"
# reading commands keep working on the sealed books
"$CLERK" check -q -f old/books.journal
"$CLERK" balance -f old/books.journal -O csv > /dev/null
"$CLERK" open --all -f old/books.journal --date 2026-12-01 -O csv > /dev/null
"$CLERK" aging -f old/books.journal --date 2026-12-01 -O csv > /dev/null
"$CLERK" collections -f old/books.journal --date 2026-12-01 -O csv > /dev/null
"$CLERK" post -n -f old/books.journal december.journal > /dev/null
# and the batch posts into the new books
"$CLERK" post -q -f new/books.journal december.journal
"$CLERK" check -q -f new/books.journal
