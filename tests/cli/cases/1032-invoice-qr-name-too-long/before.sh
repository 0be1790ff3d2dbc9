# an account holder's name longer than EPC069-12 allows (70 bytes): the QR code
# cannot be made, so nothing is invoiced and no file is written
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/^    ; name: Lumen & Letter Studio GmbH, bic: COBADEFFXXX$/    ; name: Lumen \& Letter Studio Gesellschaft für Gestaltung und Druck mit beschränkter Haftung, bic: COBADEFFXXX/' books.journal
grep -q 'beschränkter Haftung' books.journal
snapshot_save
