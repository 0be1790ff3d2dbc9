# what is not an e-invoice: a letter, a PDF (a Factur-X PDF: give its XML), a bank
# statement (XML, but camt.053), an empty file, an invoice cut short: each refused
# (bad-xml or not-einvoice), the reader's messages on stderr; exit 5, nothing written
cp -r "$top_srcdir/fixtures/demo/." .
cp inbox/2026-11-23-camt053.xml statement.xml
: >empty.xml
snapshot_save
