command -v jq >/dev/null 2>&1 || { echo "jq not installed"; exit 77; }
[ "$(jq length list.json)" -gt 0 ] || fail "list.json has no rows"
[ "$(jq -r '.[0].level | type' list.json)" = number ] || fail "level is not a number"
[ "$(jq -r '.[0].overdue | type' list.json)" = string ] || fail "overdue is not a string"
