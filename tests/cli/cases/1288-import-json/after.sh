. "$top_srcdir/tests/cli/json-lib.sh"
snapshot_check
assert_json_matches_csv || exit 1
assert_json_strings || exit 1
