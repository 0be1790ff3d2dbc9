mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
# Monday to Wednesday imported into the books, then closed through Wednesday
"$CLERK" import -q -f old/books.journal old/inbox/2026-11-2[345]-camt053.xml
cp -r old unclosed # the old books are sealed by the close: the same statement goes to this copy
"$CLERK" close -f old/books.journal --through 2026-11-25 --to new/books.journal > /dev/null
