# Druckwerk's bill asks for payment to a new IBAN: held. Someone phones Druckwerk,
# who confirm the new account; it is added to the vendor as a second iban:, and the
# same file received again is posted (the first IBAN stays the one payments use)
cp -r "$top_srcdir/fixtures/demo/." .
rc=0
"$CLERK" receive -f books.journal bills-inbox/2026-11-26-druckwerk-DW-2026-1243.xml >first.out 2>&1 || rc=$?
[ $rc = 5 ] || { cat first.out; fail "first receive: exit $rc, expected 5 (held)"; }
grep -q 'held (iban-changed)' first.out || fail "not held as iban-changed"
[ ! -e posted ] || fail "a held bill was posted"
sed -i 's/^\(    ; name: Druckwerk Maschinen GmbH.*\)$/\1\n    ; iban: DE02120300000000202051\n    ; the new account above from December 2026 on, confirmed by phone on 27 November/' books.journal
grep -q 'iban: DE02120300000000202051' books.journal || fail "sed did not add the IBAN"
rm first.out
