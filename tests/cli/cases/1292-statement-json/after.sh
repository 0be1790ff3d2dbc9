. "$top_srcdir/tests/cli/json-lib.sh"
assert_json_matches_csv || exit 1
assert_json_strings days_past_due || exit 1
jq -e 'any(.[]; .days_past_due | type == "number")' "$OUT" >/dev/null ||
	fail "no open item with days past due as a number"
