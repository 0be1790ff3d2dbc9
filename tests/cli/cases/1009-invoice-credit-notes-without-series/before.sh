# without credit-note-series: credit notes continue the invoice series (INV-2026-0098)
cp -r "$top_srcdir/fixtures/demo/." .
sed -i "s/, credit-note-series: CN-2026-//" books.journal
! grep -q credit-note-series books.journal
