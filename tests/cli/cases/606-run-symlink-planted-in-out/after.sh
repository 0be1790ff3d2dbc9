snapshot_check
[ -z "$(ls elsewhere)" ] || fail "something was written through the link"
