sha256sum -c --quiet "$CASE_TMP/sums" || fail "the files differ from the killed run's"
cmp -s posted/000001-invoice-*.journal "$CASE_DIR/../1005-invoice-demo/posted.journal" || fail "not the uninterrupted run's commit"
