# the JSON is the CSV row for row; entry and tx are numbers, the rest strings
. "$top_srcdir/tests/cli/json-lib.sh"
assert_json_matches_csv || exit 1
assert_json_strings entry tx || exit 1
[ "$(jq -r '[.[] | select(.file == "batch.xml")] | map(.tx) | join(",")' "$OUT")" = 1,2,3 ] ||
	fail "the batch's details are not tx 1, 2, 3"
# -o OUT: the same bytes in a file (mode 0644), nothing on standard output
"$CLERK" camt -O json -o listing.json batch.xml charges.xml fx.xml >stdout || fail "camt -o failed" || exit 1
[ ! -s stdout ] || fail "camt -o printed to standard output" || exit 1
cmp -s "$OUT" listing.json || fail "listing.json is not what standard output got" || exit 1
[ "$(stat -c %a listing.json)" = 644 ] || fail "listing.json is not mode 0644" || exit 1
# -o refuses one of the statements and a folder, before reading anything
rc=0; "$CLERK" camt -o ./batch.xml charges.xml batch.xml 2>err || rc=$?
[ "$rc" = 2 ] || fail "camt -o onto a statement: status $rc" || exit 1
grep -q "refusing to write to './batch.xml': it is one of the statements" err || fail "$(cat err)" || exit 1
cmp -s batch.xml "$top_srcdir/fixtures/camt/batch.xml" || fail "the statement was overwritten" || exit 1
mkdir folder
rc=0; "$CLERK" camt -o folder batch.xml 2>err || rc=$?
[ "$rc" = 2 ] && grep -q "it is a folder" err || fail "camt -o onto a folder: status $rc, $(cat err)" || exit 1
