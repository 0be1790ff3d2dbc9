# The demo week's nights through Thursday on the old books, the close
# through 2026-11-26, then Friday's statement, which returns the 283.00 EUR
# that Kieler Segelschule paid on 2026-11-24 (INV-2026-0089 and 45.00 EUR
# on account): the night on the new books reopens what that movement of the
# closed period cleared, as the same night on a copy of the unclosed books.
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
mkdir old/stage && mv old/inbox/* old/stage/
night() { # DATE STATEMENT-DATE...
	local date=$1 rc=0
	shift
	for f in "$@"; do mv "old/stage/$f-camt053.xml" old/inbox/; done
	"$CLERK" run -q -f old/books.journal --inbox old/inbox --out old/out --date "$date" || rc=$?
	[ $rc -eq 0 ] || [ $rc -eq 5 ]
}
night 2026-11-24 2026-11-23 2026-11-24
night 2026-11-25 2026-11-25
night 2026-11-26 2026-11-26
cp -r old unclosed
"$CLERK" close -f old/books.journal --through 2026-11-26 --to new/books.journal >/dev/null
mkdir new/inbox unclosed/inbox2
cp old/stage/2026-11-27-camt053.xml new/inbox/
cp old/stage/2026-11-27-camt053.xml unclosed/inbox2/
