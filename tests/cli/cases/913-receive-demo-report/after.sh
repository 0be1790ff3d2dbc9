[ "$(stat -c %a decisions.csv)" = 600 ] || fail "decisions.csv is not mode 0600"
cmp -s decisions.csv "$CASE_DIR/decisions.expected.csv" || { diff -u "$CASE_DIR/decisions.expected.csv" decisions.csv; fail "decisions.csv differs"; }
assert_posted_dir '000000-clerk.journal' '000001-receive-*.journal'
