# As 1123, but before the night a page was edited (one byte more) and a
# UBL file removed: neither goes into the pack, both are exceptions for a
# person (exceptions.txt, log.jsonl), and the night ends with exit 5.
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || rc=$?
[ $rc -eq 5 ]
"$CLERK" invoice -q -f books.journal billing-2026-11-30.csv
printf ' ' >>invoices/INV-2026-0094.html
rm invoices/CN-2026-0001.xml
