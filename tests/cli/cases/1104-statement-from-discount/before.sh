# a period from 2026-11-01: the balance brought forward; a payment less 2 % discount shown as two lines
cp -r "$top_srcdir/fixtures/demo/." .
