"$CLERK" balance -O csv -f books.journal >one.csv
"$CLERK" balance -O csv -f daily/books.journal >daily.csv
diff one.csv daily.csv || fail "the trial balances differ"
"$CLERK" open --all -O csv -f books.journal --date 2026-11-28 >one-open.csv
"$CLERK" open --all -O csv -f daily/books.journal --date 2026-11-28 >daily-open.csv
diff one-open.csv daily-open.csv || fail "the open items differ"
grep -q 'INV-2026-0089, match: reversal' posted/000001-import-*.journal || fail "the return must reopen INV-2026-0089"
"$CLERK" check -q --strict -f books.journal
assert_hledger_agrees books.journal
