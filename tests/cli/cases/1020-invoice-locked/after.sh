kill "$(cat "$CASE_TMP/holder")" 2>/dev/null
snapshot_check
