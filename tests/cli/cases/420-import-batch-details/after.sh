assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
