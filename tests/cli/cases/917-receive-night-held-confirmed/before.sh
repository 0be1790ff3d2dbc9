# the held bills stay in the inbox and are read again every night: still held
# on Monday; posted by the night after someone confirms Druckwerk's new bank
# account by phone and adds the vendor Nordlicht (the refused bill stays set aside)
cp -r "$top_srcdir/fixtures/demo/." .
cp bills-inbox/*.xml inbox/
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || [ $? -eq 5 ]
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-30 || rc=$?
[ $rc = 5 ] || fail "second night: exit $rc"
[ "$(ls inbox | wc -l)" = 2 ] || fail "the held bills left the inbox"
[ "$(ls posted | wc -l)" = 2 ] || fail "the second night posted"
grep -q ',held,iban-changed,' out/2026-11-30/bills.csv
# a person confirms the new IBAN by phone and adds the new vendor
sed -i 's/^\(    ; name: Druckwerk Maschinen GmbH.*\)$/\1\n    ; iban: DE02120300000000202051/' books.journal
grep -q 'iban: DE02120300000000202051' books.journal || fail "sed did not add the IBAN"
sed -i 's/^\(account Liabilities:Payable:Druckwerk\)$/account Liabilities:Payable:Nordlicht\n    ; name: Nordlicht Werbung GmbH, iban: DE44500105175407324931, terms: net 14, vat: DE315550199, expense: Expenses:Software\n\1/' books.journal
grep -q 'vat: DE315550199' books.journal || fail "sed did not add Nordlicht"
