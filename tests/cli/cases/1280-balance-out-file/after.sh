# the file holds what stdout would have held, and nothing else was left
"$CLERK" balance -f books.journal >"$CASE_TMP/stdout"
cmp out.txt "$CASE_TMP/stdout" || fail "out.txt is not the balance"
[ "$(stat -c %a out.txt)" = 644 ] || fail "out.txt has mode $(stat -c %a out.txt)"
if ls -a | grep -q 'tmp'; then fail "a temporary file was left: $(ls -a)"; fi
