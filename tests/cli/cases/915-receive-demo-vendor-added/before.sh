# an unknown seller is held; once the studio decides the directory entry was
# ordered and adds the vendor (with its VAT id and an expense account), the same
# file is posted
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" receive -f books.journal bills-inbox/2026-11-27-nordlicht-NL-5511.xml >first.out 2>&1 || rc=$?
[ $rc = 5 ] && grep -q 'held (unknown-seller)' first.out || { cat first.out; fail "not held as unknown-seller"; }
rm first.out
cat >>books.journal <<'BOOKS'

account Expenses:Advertising
account Liabilities:Payable:Nordlicht  ; name: Nordlicht Werbung GmbH, vat: DE 315 550 199
    ; iban: DE44500105175407324931, terms: net 7, expense: Expenses:Advertising
BOOKS
