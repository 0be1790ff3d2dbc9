kill "$(cat "$CASE_TMP/locker")" 2>/dev/null || true
snapshot_check
