. "$top_srcdir/tests/cli/json-lib.sh"
assert_json_matches_csv
