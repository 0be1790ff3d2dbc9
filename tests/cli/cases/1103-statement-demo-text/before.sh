# the demo books on 2026-11-24: two invoices, one paid, money on account, one open and overdue
cp -r "$top_srcdir/fixtures/demo/." .
