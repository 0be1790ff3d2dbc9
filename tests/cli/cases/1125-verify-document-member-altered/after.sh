# the other documents and the re-run are fine: only that member is named
[ "$(wc -l <"$ERR")" = 1 ] || fail "more findings: $(cat "$ERR")"
