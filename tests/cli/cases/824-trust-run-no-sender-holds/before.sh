# finding 6: the bank account has no name:, so a letter would go out
# without a sender; the night records no notice and writes no letter, and
# says why
cp -r "$top_srcdir/fixtures/demo/." .
sed -i "/^    ; name: Lumen & Letter Studio GmbH, bic: COBADEFFXXX$/d" books.journal
! grep -q "name: Lumen" books.journal
