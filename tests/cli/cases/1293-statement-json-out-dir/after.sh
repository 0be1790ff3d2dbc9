command -v jq >/dev/null 2>&1 || { echo "jq not installed"; exit 77; }
"$CLERK" statement -f books.journal --all --date 2026-11-24 -O csv -o csv >/dev/null || fail "the CSV files" || exit 1
n=0
for f in st/*.json; do
	c=csv/$(basename "$f" .json).csv
	[ -f "$c" ] || fail "$f has no CSV twin" || exit 1
	diff <(tail -n +2 "$c" | sed 's/"//g') \
		<(jq -r '.[] | [.[] | if . == null then "" else tostring end] | @csv' "$f" | sed 's/"//g') ||
		fail "$f is not $c" || exit 1
	[ "$(head -n 1 "$c")" = "$(jq -r '.[0] | keys_unsorted | join(",")' "$f")" ] ||
		fail "$f: keys are not the CSV header" || exit 1
	n=$((n + 1))
done
[ "$n" -eq 11 ] || fail "expected 11 files, got $n"
