snapshot_check
[ ! -e posted ] || fail "posted/ was created"
