# the night ran on today
[ -f out/packs/clerk-2026-11-28.zip ] || fail "no pack of 2026-11-28"
# aging without --date, on the same today, give the night's own files
export CLERK_TODAY=2026-11-28
"$CLERK" aging -f books.journal -O csv 2>"$CASE_TMP/e" | cmp - out/2026-11-28/aging-receivables.csv || fail "aging differs from the night's"
[ "$(cat "$CASE_TMP/e")" = "clerk aging: as of 2026-11-28 (today)" ] || fail "aging said: $(cat "$CASE_TMP/e")"
"$CLERK" aging -f books.journal --payables -O csv 2>/dev/null | cmp - out/2026-11-28/aging-payables.csv || fail "aging --payables differs from the night's"
