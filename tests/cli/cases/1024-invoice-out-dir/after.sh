[ ! -e invoices ] || fail "invoices/ was made"
[ "$(ls sent | wc -l)" = 10 ] || fail "sent/ holds $(ls sent)"
[ "$(stat -c %a sent)" = 700 ] || fail "sent/ has mode $(stat -c %a sent)"
