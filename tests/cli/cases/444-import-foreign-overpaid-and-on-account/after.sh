# posted for real: the books check, hledger agrees, and Yankee's dollars are right
"$CLERK" import -q -f books.journal s3.xml
"$CLERK" check -q --strict -f books.journal
grep -q 'Assets:Receivable:Yankee  -100.00 USD @@ 88.00 EUR' posted/*-import-*.journal || fail "the excess at the bank's rate"
grep -q 'Assets:Receivable:Yankee  -500.00 USD @@ 440.00 EUR' posted/*-import-*.journal || fail "the money on account at the bank's rate"
grep -q 'Income:FX  20.00 EUR' posted/*-import-*.journal || fail "the exchange difference of Y-2 only"
"$CLERK" open -O csv -f books.journal --date 2026-11-13 | grep -q '^Yankee Corp,Assets:Receivable:Yankee,,,,USD,-600.00,-600.00,unapplied' || fail "600.00 USD unapplied"
assert_hledger_agrees books.journal
