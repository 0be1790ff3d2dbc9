assert_hledger_agrees books.journal
"$CLERK" check -q -f books.journal || fail "clerk check fails after the import"
# what matching decided, posting by posting
grep -q 'Assets:Receivable:Fjord Design  -1,800.00 EUR  ; invoice: INV-2026-0091, match: partial, rule: reference' posted/000001-import-*.journal || fail 'reference: partial on INV-2026-0091'
grep -q 'Assets:Receivable:Moorbrauerei  -892.50 EUR  ; invoice: INV-2026-0093, match: matched, rule: invoice-number' posted/000001-import-*.journal || fail 'invoice number: INV-2026-0093'
grep -q 'Assets:Receivable:Elbe Logistik  -1,428.00 EUR  ; invoice: INV-2026-0085, match: matched, rule: amount' posted/000001-import-*.journal || fail 'amount via IBAN: INV-2026-0085'
grep -q 'Assets:Receivable:Alster Cafe  -300.00 EUR  ; match: on-account, rule: party, unapplied: yes' posted/000001-import-*.journal || fail 'known payer, nothing fits: on account'
grep -q 'Assets:Suspense  -90.00 EUR  ; match: suspense' posted/000001-import-*.journal || fail 'unknown payer, bad RF check: suspense'
# the open items afterwards are what the books say
"$CLERK" open -f books.journal --date 2026-11-30 -O csv >"$CASE_TMP/open.csv"
grep -q '^Fjord Design B.V.,Assets:Receivable:Fjord Design,INV-2026-0091,2026-11-16,2026-12-16,EUR,1850.00,50.00' "$CASE_TMP/open.csv" || { cat "$CASE_TMP/open.csv"; fail 'INV-2026-0091 should have 50.00 open'; }
grep -q 'INV-2026-0093' "$CASE_TMP/open.csv" && fail 'INV-2026-0093 should be paid'
grep -q 'INV-2026-0085' "$CASE_TMP/open.csv" && fail 'INV-2026-0085 should be paid'
OUT="$CASE_TMP/open.csv"
. "$top_srcdir/tests/cli/open-tieout.sh"
open_tieout 2026-11-30 Assets:Receivable=1
