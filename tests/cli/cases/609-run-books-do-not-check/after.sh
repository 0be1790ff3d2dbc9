[ ! -e posted ] || fail "posted/ was created"
[ "$(ls inbox | wc -l)" = 5 ] || fail "statements moved"
