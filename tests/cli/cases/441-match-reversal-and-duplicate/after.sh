assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
"$CLERK" open -f books.journal --date 2026-11-12 -O csv | grep -q '^Bolt AG,Assets:Receivable:Bolt,B-40,2026-11-03,2026-11-13,EUR,40.00,40.00,' || fail "B-40 must be open again after the returned payment"
