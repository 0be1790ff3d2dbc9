# the payment of 710.00 cleared INV-2026-0068 (714.00) with 4.00 written off;
# its return reopens the invoice in full and undoes the write-off
assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
grep -q 'Assets:Receivable:Hafen Apotheke  714.00 EUR  ; invoice: INV-2026-0068, match: reversal' posted/000002-import-*.journal || fail 'the return must reopen INV-2026-0068 in full'
grep -q 'Expenses:Writeoff  -4.00 EUR  ; match: reversal' posted/000002-import-*.journal || fail 'the return must undo the write-off'
"$CLERK" open -f books.journal -O csv | grep -q ',INV-2026-0068,.*,714.00,714.00,' || fail 'INV-2026-0068 must be open again for 714.00'
[ "$(hledger -f books.journal bal -N Expenses:Writeoff 2>/dev/null | tr -d ' ')" = "" ] || fail 'nothing may stay written off'
