# The demo week's night (2026-11-28), then an invoice and a credit note
# (clerk invoice records each file's name, size and SHA-256 on its
# transaction), then the night of 2026-11-30: its pack holds the four
# documents, byte for byte; the night after does not repeat them.
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
"$CLERK" invoice -q -f books.journal billing-2026-11-30.csv
grep -c '; clerk-document: invoices/' posted/000002-invoice-*.journal | grep -qx 4
