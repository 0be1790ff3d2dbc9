grep -A1 '^no payment run: the books cannot make one:$' out/2026-11-28/exceptions.txt | grep -q "role: transit"
! grep -q 'pay-run:' posted/*.journal || fail "a payment was posted"
[ -z "$(ls inbox)" ]
