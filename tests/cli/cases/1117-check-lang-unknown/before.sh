# an unknown language is an error in the books, with the nearest known one
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/^\(account Assets:Receivable:Moorbrauerei\)$/\1  ; lang: dee/' books.journal
sed -i 's/^\(account Assets:Receivable:Alster Cafe\)$/\1  ; lang: french/' books.journal
