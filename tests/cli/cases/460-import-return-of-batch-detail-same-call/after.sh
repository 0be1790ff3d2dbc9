# the batch and the return of its second detail in one call: the same
# return as case 459 (written from what the import remembered)
assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
grep -q 'Assets:Receivable:Hafen Apotheke  714.00 EUR  ; invoice: INV-2026-0068, match: reversal' posted/000001-import-*.journal || fail 'the return must reopen INV-2026-0068'
grep -q 'Expenses:Writeoff  -4.00 EUR  ; match: reversal' posted/000001-import-*.journal || fail 'the return must undo the write-off of that detail'
"$CLERK" open -f books.journal -O csv | grep -q ',INV-2026-0068,.*,714.00,714.00,' || fail 'INV-2026-0068 must be open again'
"$CLERK" open -f books.journal -O csv | grep -q ',INV-2026-0071,' && fail 'INV-2026-0071 must stay paid'
exit 0
