snapshot_check
[ ! -e letters ] || fail "letters written"
[ ! -e posted ] || fail "notices recorded"
