# the demo books in old/, with a retained-earnings account; the new books go to new/
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
cp -r old unclosed
