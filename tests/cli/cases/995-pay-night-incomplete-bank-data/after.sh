! grep -q 'pay-run:' posted/*.journal 2>/dev/null || fail "a payment was posted"
[ ! -e out/2026-12-01/payments ]
grep -q '^no payment run: the bank data are not complete' out/2026-12-01/exceptions.txt
"$CLERK" verify -f books.journal out/packs/clerk-2026-12-01.zip >/dev/null
