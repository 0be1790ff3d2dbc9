# reminders recorded on 27 November, then closed: the levels, the notices and the
# letters due later are the old books'
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
"$CLERK" letters -f old/books.journal --date 2026-11-27 --out letters --record > /dev/null
"$CLERK" close -f old/books.journal --through 2026-11-27 --to new/books.journal > /dev/null
