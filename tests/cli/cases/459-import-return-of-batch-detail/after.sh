# one batch entry paid INV-2026-0071 (595.00) and INV-2026-0068 (710.00 of
# 714.00, 4.00 written off); the bank returns the second detail only
assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
grep -q 'Assets:Receivable:Hafen Apotheke  714.00 EUR  ; invoice: INV-2026-0068, match: reversal' posted/000002-import-*.journal || fail 'the return must reopen INV-2026-0068'
grep -q 'Expenses:Writeoff  -4.00 EUR  ; match: reversal' posted/000002-import-*.journal || fail 'the return must undo the write-off of that detail'
grep -q 'Alster' posted/000002-import-*.journal && fail 'the other detail of the batch must stay paid'
"$CLERK" open -f books.journal -O csv | grep -q ',INV-2026-0068,.*,714.00,714.00,' || fail 'INV-2026-0068 must be open again'
"$CLERK" open -f books.journal -O csv | grep -q ',INV-2026-0071,' && fail 'INV-2026-0071 must stay paid'
exit 0
