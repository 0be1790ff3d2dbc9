# the books' default: lang: on the receivable control account (here de);
# a party's own lang: (en) wins over it
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/^\(account Assets:Receivable  *; role: receivable\)/\1, lang: de/' books.journal
sed -i 's/^\(account Assets:Receivable:Alster Cafe\)$/\1  ; lang: en/' books.journal
grep -q 'lang: de' books.journal
