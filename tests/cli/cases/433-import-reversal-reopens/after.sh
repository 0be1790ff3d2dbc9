assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
grep -q 'Assets:Receivable:Moorbrauerei  892.50 EUR  ; invoice: INV-2026-0093, match: reversal' posted/000002-import-*.journal || fail 'the return must reopen INV-2026-0093'
"$CLERK" open -f books.journal --date 2026-11-30 -O csv | grep -q '^Moorbrauerei.*,INV-2026-0093,.*,892.50,892.50,' || fail 'INV-2026-0093 must be open again'
