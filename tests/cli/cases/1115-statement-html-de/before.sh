# a customer with lang: de gets the page in German: words from lang/de.tsv,
# 1.234,56 and 05.12.2026
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/^\(account Assets:Receivable:Moorbrauerei\)$/\1  ; lang: de/' books.journal
grep -q 'Moorbrauerei  ; lang: de' books.journal
