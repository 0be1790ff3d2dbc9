set -e
# every command that loads the books says so too (a warning: the aging still runs)
"$CLERK" aging -f books.journal --date 2026-11-30 >/dev/null 2>"$CASE_TMP/aging.err"
grep -q "^invoices.journal:87:5: warning: tag 'invoice: INV-2026-0099' on 'Assets:Recievable:Fjord Design', which is not a party account; did you mean 'Assets:Receivable:Fjord Design'?\$" "$CASE_TMP/aging.err" ||
	fail "clerk aging does not warn: $(cat "$CASE_TMP/aging.err")"
# -q hides the summary line, not the warning
"$CLERK" check -q -f books.journal >"$CASE_TMP/q.out" 2>"$CASE_TMP/q.err"
[ ! -s "$CASE_TMP/q.out" ] || fail "check -q printed on stdout"
cmp "$CASE_TMP/q.err" "$ERR" || fail "check -q does not print the same warning"
