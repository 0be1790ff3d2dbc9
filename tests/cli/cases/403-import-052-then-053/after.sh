assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
[ $(grep -c 'bank-id:' posted/*.journal | awk -F: '{s+=$2} END {print s}') = 2 ] || fail 'expected two movements in all'
