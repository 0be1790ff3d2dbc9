# killed after the second file: the next run writes them all and commits once
cp -r "$top_srcdir/fixtures/demo/." .
CLERK_FAULT='invoice-file:after-rename#2' "$CLERK" invoice -f books.journal billing/2026-12.csv >/dev/null 2>&1 && exit 1
[ "$(ls invoices | wc -l)" = 2 ] || { echo "invoices/ holds $(ls invoices)"; exit 1; }
