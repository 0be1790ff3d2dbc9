f=$(ls posted/000005-import-*.journal)
grep -q '^2026-11-27 \* closing balance of camt.053 2026-0231' "$f" || fail "the closing balance must be dated 2026-11-27"
! grep -q '^2026-11-30' "$f" || fail "nothing is dated 2026-11-30"
