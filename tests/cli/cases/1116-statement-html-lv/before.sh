# lang: lv: Latvian words, 1 234,56 and 05.12.2026
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/^\(account Assets:Receivable:Elbe Logistik\)$/\1  ; lang: lv/' books.journal
grep -q 'Elbe Logistik  ; lang: lv' books.journal
