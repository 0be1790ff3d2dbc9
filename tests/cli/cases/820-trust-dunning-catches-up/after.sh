# the set-aside statements came back: the week is posted, the notices go out
[ -z "$(ls inbox)" ]
[ "$(grep -c "dunning-notice" posted/000002-run-*.journal)" = 5 ]
[ "$(ls out/2026-11-30/letters | wc -l)" = 10 ]
! ls out/2026-11-30/letters | grep -qi kieler
! grep -q ",held," out/2026-11-30/collections.csv
"$CLERK" check -q --strict -f books.journal
assert_hledger_agrees books.journal
