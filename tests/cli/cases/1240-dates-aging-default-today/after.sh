# the default is today: the same report as with --date today, byte for byte
"$CLERK" aging -f books.journal --date 2026-11-22 2>"$CASE_TMP/given.err" | cmp - "$OUT" || fail "aging without --date is not aging as of CLERK_TODAY"
# a given date that is not after the last transaction is not said
[ ! -s "$CASE_TMP/given.err" ] || fail "a given date was said: $(cat "$CASE_TMP/given.err")"
# CLERK_TODAY moves the default: another day, another report
CLERK_TODAY=2026-12-20 "$CLERK" aging -f books.journal 2>/dev/null | cmp -s - "$OUT" && fail "CLERK_TODAY=2026-12-20 gave the report of 2026-11-22"
CLERK_TODAY=2026-12-20 "$CLERK" aging -f books.journal 2>/dev/null | cmp - <("$CLERK" aging -f books.journal --date 2026-12-20 2>/dev/null) || fail "aging without --date is not aging as of CLERK_TODAY=2026-12-20"
# empty counts as unset: the clock's today, said
CLERK_TODAY= "$CLERK" aging -f books.journal 2>&1 >/dev/null | grep -q "^clerk aging: as of $(date +%F) (today)" || fail "CLERK_TODAY= is not the clock's today"
