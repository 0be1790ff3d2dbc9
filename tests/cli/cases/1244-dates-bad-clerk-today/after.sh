snapshot_check
[ ! -e letters ] || fail "letters written"
# every command that defaults its date refuses a bad CLERK_TODAY with exit 2,
# and names the variable and the command
for today in 2026-13-01 2026/12/05 2026-1-5 26-12-05 20261205 yesterday ' 2026-12-05' '2026-12-05 '; do
	for cmd in "aging" "open" "collections" "report -o r.html" "statement --all" "bs" "is" \
		"pay -n" "run --inbox in --out out"; do
		set +e
		CLERK_TODAY=$today "$CLERK" $cmd -f books.journal >/dev/null 2>"$CASE_TMP/e"
		rc=$?
		set -e
		name=${cmd%% *}
		[ "$rc" = 2 ] || fail "CLERK_TODAY='$today' clerk $cmd exited $rc"
		[ "$(cat "$CASE_TMP/e")" = "clerk: error: bad CLERK_TODAY '$today', the default date of clerk $name (expected YYYY-MM-DD)" ] ||
			fail "CLERK_TODAY='$today' clerk $cmd said: $(cat "$CASE_TMP/e")"
	done
done
[ ! -e r.html ] && [ ! -e out ] || fail "a refused command wrote a file"
snapshot_check
# a command given its date does not read CLERK_TODAY
CLERK_TODAY=yesterday "$CLERK" aging -f books.journal --date 2026-11-22 >/dev/null || fail "aging --date read CLERK_TODAY"
CLERK_TODAY=yesterday "$CLERK" is -f books.journal --end 2026-11-23 >/dev/null || fail "is --end read CLERK_TODAY"
