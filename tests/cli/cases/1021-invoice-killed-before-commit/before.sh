# killed after writing the files, before the commit: the books have no new number; the
# next run gives the same numbers and writes the same bytes again
cp -r "$top_srcdir/fixtures/demo/." .
CLERK_FAULT=commit:start "$CLERK" invoice -f books.journal billing/2026-12.csv >/dev/null 2>&1 && exit 1
[ -f invoices/CN-2026-0001.xml ] || { echo "the files were not written"; exit 1; }
[ ! -e posted ] || [ -z "$(ls posted | grep invoice)" ] || { echo "committed"; exit 1; }
sha256sum invoices/*.xml >"$CASE_TMP/sums"
