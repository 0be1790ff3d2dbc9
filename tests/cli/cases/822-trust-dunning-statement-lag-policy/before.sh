# the same books with a statement-lag of 5 banking days on the bank account:
# statements to the 23rd are complete for the 28th, notices go out
cp -r "$top_srcdir/fixtures/demo/." .
sed -i "s|^account Assets:Bank:Operating           ; role: bank, iban: DE89370400440532013000|&, statement-lag: 5|" books.journal
grep -q "statement-lag: 5" books.journal
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
rm inbox/*.xml
