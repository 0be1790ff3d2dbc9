assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
grep -q 'Assets:Bank  0.00 EUR = 1,480.00 EUR' posted/000001-import-*.journal || fail 'no closing assertion'
[ "$(stat -c %a posted/000001-import-*.journal)" = 600 ] || fail 'posted file is not mode 0600'
