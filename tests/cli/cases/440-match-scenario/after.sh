assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
"$CLERK" open -f books.journal --all --date 2026-11-11 -O csv | cut -d, -f1-8 >"$CASE_TMP/open.csv"
cat >"$CASE_TMP/want.csv" <<'W'
party,account,invoice,date,due,currency,amount,open
Acme GmbH,Assets:Receivable:Acme,A-4,2026-11-07,2026-12-07,EUR,500.00,200.00
Acme GmbH,Assets:Receivable:Acme,,,,EUR,-150.00,-150.00
Bolt AG,Assets:Receivable:Bolt,B-50,2026-11-04,2026-11-14,EUR,50.00,50.00
Bolt AG,Assets:Receivable:Bolt,,,,EUR,-25.00,-25.00
Paper Inc,Liabilities:Payable:Paper,,,,EUR,-20.00,-20.00
W
diff -u "$CASE_TMP/want.csv" "$CASE_TMP/open.csv" || fail "open items after the import"
grep -q 'Income:FX  20.00 EUR  ; match: fx' posted/000001-import-*.journal || fail "the exchange loss: 1000 USD booked at 0.90 = 900.00, credited 880.00"
[ "$(wc -l <decisions.csv)" = 15 ] || fail "the --report file has the header and 14 rows"
