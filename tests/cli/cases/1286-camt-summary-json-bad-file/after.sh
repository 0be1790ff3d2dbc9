. "$top_srcdir/tests/cli/json-lib.sh"
assert_json_matches_csv || exit 1
assert_json_strings entries booked_entries || exit 1
[ "$(jq length "$OUT")" = 2 ] || fail "expected the two good statements"
