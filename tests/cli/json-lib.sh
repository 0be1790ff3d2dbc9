# json-lib.sh - sourced by the after.sh of the -O json cases (1272-1278).
#
# assert_json_matches_csv: the case's output is valid JSON (jq), an array of
# objects whose keys are the CSV header of the same command with -O csv, with
# the same values row by row (numbers compared as their text, null as an
# empty field). Skips (77) without jq.
assert_json_matches_csv() {
	command -v jq >/dev/null 2>&1 || { echo "jq not installed"; return 77; }
	jq -e 'type == "array" and all(.[]; type == "object")' "$OUT" >/dev/null ||
		fail "not a JSON array of objects" || return 1
	local args
	args=$(sed 's/-O json/-O csv/' "$CASE_DIR/cmd")
	# shellcheck disable=SC2086
	eval "\"\$CLERK\" $args" >"$CASE_TMP/csv" 2>/dev/null || true
	head -n 1 "$CASE_TMP/csv" >"$CASE_TMP/header"
	jq -r 'if length > 0 then (.[0] | keys_unsorted | join(",")) else empty end' "$OUT" >"$CASE_TMP/keys"
	if [ -s "$CASE_TMP/keys" ] && ! cmp -s "$CASE_TMP/header" "$CASE_TMP/keys"; then
		diff -u "$CASE_TMP/header" "$CASE_TMP/keys"
		fail "the JSON keys are not the CSV header" || return 1
	fi
	tail -n +2 "$CASE_TMP/csv" >"$CASE_TMP/rows"
	jq -r '.[] | [.[] | if . == null then "" else tostring end] | @csv' "$OUT" |
		sed 's/"//g' >"$CASE_TMP/from-json"
	sed 's/"//g' "$CASE_TMP/rows" >"$CASE_TMP/from-csv"
	if ! cmp -s "$CASE_TMP/from-csv" "$CASE_TMP/from-json"; then
		diff -u "$CASE_TMP/from-csv" "$CASE_TMP/from-json"
		fail "the JSON rows differ from the CSV rows" || return 1
	fi
	[ -s "$CASE_TMP/from-csv" ] || fail "no rows at all" || return 1
}

# assert_json_strings [COLUMN...]: every value of the case's JSON output is a
# string (amounts as exact decimal strings), except the named columns, which
# are JSON numbers or null; and at least one amount-like string ("-12.34")
# is there, so that a writer turning amounts into numbers fails.
assert_json_strings() {
	command -v jq >/dev/null 2>&1 || { echo "jq not installed"; return 77; }
	local nums
	nums=$(printf '%s\n' "$@" | jq -R . | jq -s -c .)
	jq -e --argjson nums "$nums" \
		'all(.[]; to_entries | all(.[]; if (.key | IN($nums[])) then (.value | type) == "number" or .value == null else (.value | type) == "string" end))' \
		"$OUT" >/dev/null || fail "a value is not a string (or a number column not a number)" || return 1
	jq -e '[.[][] | strings | select(test("^-?[0-9]+\\.[0-9]+$"))] | length > 0' "$OUT" >/dev/null ||
		fail "no amount as a decimal string" || return 1
}
