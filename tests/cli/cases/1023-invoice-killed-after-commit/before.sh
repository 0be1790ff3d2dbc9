# killed right after the commit: the numbers are taken; running again is refused
cp -r "$top_srcdir/fixtures/demo/." .
CLERK_FAULT=commit:after-rename "$CLERK" invoice -f books.journal billing/2026-12.csv >/dev/null 2>&1 && exit 1
ls posted/*-invoice-*.journal >/dev/null || { echo "not committed"; exit 1; }
snapshot_save
