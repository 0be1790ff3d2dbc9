. "$top_srcdir/tests/cli/pay-lib.sh"
assert_books_sound books.journal
grep -q '^2026-12-01 ' posted/*-pay-*.journal || fail "the run's postings are not dated today"
grep -q '^; clerk-pay: PAY-2026-12-01$' posted/*-pay-*.journal || fail "the run is not PAY-2026-12-01"
# -q: no date line (nor anything else)
CLERK_TODAY=2026-12-01 "$CLERK" pay -q -n -f books.journal >"$CASE_TMP/o" 2>"$CASE_TMP/e" || fail "pay -q -n failed"
[ ! -s "$CASE_TMP/e" ] && [ ! -s "$CASE_TMP/o" ] || fail "pay -q printed: $(cat "$CASE_TMP/o" "$CASE_TMP/e")"
# without -q the dry run says it
CLERK_TODAY=2026-12-01 "$CLERK" pay -n -f books.journal 2>&1 >/dev/null | grep -qx "clerk pay: as of 2026-12-01 (today); the books' last transaction is dated 2026-12-01" && fail "the books end on the run's date: no note expected"
CLERK_TODAY=2026-12-01 "$CLERK" pay -n -f books.journal 2>&1 >/dev/null | grep -qx "clerk pay: as of 2026-12-01 (today)" || fail "pay -n did not say its date"
# --through before the defaulted date: the message says today, not --date
set +e
CLERK_TODAY=2026-12-01 "$CLERK" pay -n -f books.journal --through 2026-11-30 >/dev/null 2>"$CASE_TMP/e"
rc=$?
set -e
[ "$rc" = 2 ] || fail "--through before today exited $rc"
grep -qx "clerk: error: --through is before today (give --date)" "$CASE_TMP/e" || fail "said: $(cat "$CASE_TMP/e")"
