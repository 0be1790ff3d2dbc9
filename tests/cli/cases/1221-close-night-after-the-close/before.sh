# The demo week's first night on the old books, the close through
# 2026-11-24, then Wednesday's and Thursday's statements: the night on the
# new books decides as the same night on a copy of the unclosed books
# (same decisions, open items, aging and collections), the statements'
# continuity checked across the boundary.
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
mkdir old/stage && mv old/inbox/* old/stage/
night() { # DATE STATEMENT-DATE...
	local date=$1 rc=0
	shift
	for f in "$@"; do mv "old/stage/$f-camt053.xml" old/inbox/; done
	"$CLERK" run -q -f old/books.journal --inbox old/inbox --out old/out --date "$date" || rc=$?
	[ $rc -eq 5 ]
}
night 2026-11-24 2026-11-23 2026-11-24
cp -r old unclosed
"$CLERK" close -f old/books.journal --through 2026-11-24 --to new/books.journal >/dev/null
mkdir new/inbox unclosed/inbox2
for f in 2026-11-25 2026-11-26; do
	cp "old/stage/$f-camt053.xml" new/inbox/
	cp "old/stage/$f-camt053.xml" unclosed/inbox2/
done
