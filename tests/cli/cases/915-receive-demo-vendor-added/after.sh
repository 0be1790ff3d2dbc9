"$CLERK" check -f books.journal --strict >/dev/null || fail "the books do not check"
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
