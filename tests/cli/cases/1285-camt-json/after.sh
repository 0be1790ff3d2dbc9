# the JSON is the CSV row for row; entry and tx are numbers, the rest strings
. "$top_srcdir/tests/cli/json-lib.sh"
assert_json_matches_csv || exit 1
assert_json_strings entry tx || exit 1
[ "$(jq -r '[.[] | select(.file == "batch.xml")] | map(.tx) | join(",")' "$OUT")" = 1,2,3 ] ||
	fail "the batch's details are not tx 1, 2, 3"
