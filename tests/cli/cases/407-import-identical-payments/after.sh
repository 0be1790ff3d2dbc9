assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
[ $(grep -c 'bank-id: sha:' posted/000002-import-*.journal) = 2 ] || fail 'both identical payments must post'
