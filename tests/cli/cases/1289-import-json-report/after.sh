command -v jq >/dev/null 2>&1 || { echo "jq not installed"; exit 77; }
. "$top_srcdir/tests/cli/json-lib.sh"
cmp -s "$OUT" decisions.json || fail "--report decisions.json is not what stdout got" || exit 1
[ "$(stat -c %a decisions.json)" = 600 ] || fail "decisions.json is not mode 0600" || exit 1
assert_json_strings || exit 1
[ "$(jq length decisions.json)" -gt 0 ] || fail "no rows"
ls posted/*-import-*.journal >/dev/null 2>&1 || fail "nothing was imported" || exit 1
assert_hledger_agrees books.journal
