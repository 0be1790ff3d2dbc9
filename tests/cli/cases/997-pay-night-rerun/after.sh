tree_listing >"$CASE_TMP/second"
diff "$CASE_TMP/first" "$CASE_TMP/second" || fail "the second run changed files"
cp bank/2026-12-01-camt053.xml inbox/
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-12-01 --pay
[ ! -e out/2026-12-01.2/payments ] || fail "the second run of the day paid again"
! grep -q '^; payment run' posted/000002-run-*.journal || fail "the second run of the day posted a payment run"
