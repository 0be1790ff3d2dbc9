cp -r "$top_srcdir/fixtures/demo/." .
sed -i "s|^account Expenses:Writeoff               ; role: writeoff\$|account Expenses:Writeoff               ; role: writeoff, tolerance: 5.00|" books.journal
grep -q "role: writeoff, tolerance: 5.00" books.journal || exit 1
