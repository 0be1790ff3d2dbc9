# The invoice page in the customer's language: Alster Café reads German,
# Moorbrauerei Latvian (its invoice and its credit note); the others stay
# English. Only the words, dates and amounts change, never the numbers.
cp -r "$top_srcdir/fixtures/demo/." .
sed -i '/^account Assets:Receivable:Alster Cafe$/a\    ; lang: de' books.journal
sed -i '/^account Assets:Receivable:Moorbrauerei$/a\    ; lang: lv' books.journal
grep -q 'lang: de' books.journal && grep -q 'lang: lv' books.journal
