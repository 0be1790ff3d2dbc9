snapshot_check
! grep -q 'root:' "$OUT" "$ERR" || fail "/etc/passwd leaked into the output"
! grep -q 'hahaha' "$OUT" "$ERR" || fail "an entity was expanded"
