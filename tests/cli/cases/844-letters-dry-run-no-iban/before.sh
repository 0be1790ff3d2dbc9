# The demo books, but the bank account has no IBAN: the letters would not
# say where to pay. Even --dry-run says so (exit 1) instead of listing
# letters that cannot be written.
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/^account Assets:Bank:Operating           ; role: bank, iban: DE89370400440532013000$/account Assets:Bank:Operating           ; role: bank/' books.journal
! grep -q 'iban: DE89370400440532013000' books.journal
