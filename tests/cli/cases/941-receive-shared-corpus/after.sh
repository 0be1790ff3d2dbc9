! awk -F, 'NR > 1 && $14 == "refused"' "$OUT" | grep -q . || fail "a valid sample was refused"
"$CLERK" check -f books.journal --strict >/dev/null || { "$CLERK" check -f books.journal --strict; fail "the books do not check --strict"; }
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
