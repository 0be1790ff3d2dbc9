# Two nights of the demo week on the old books, then the close: the old
# packs still verify, re-run, against the closed books (the closing
# transaction is a file posted after them), and so does the chain.
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
night 2026-11-26 2026-11-25 2026-11-26
"$CLERK" close -f old/books.journal --through 2026-11-26 --to new/books.journal >/dev/null
