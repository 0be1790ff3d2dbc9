. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
sed -i 's/    ; name: Nordlicht Druck GmbH, bic: COBADEFFXXX/    ; bic: COBADEFFXXX/' books.journal
snapshot_save
