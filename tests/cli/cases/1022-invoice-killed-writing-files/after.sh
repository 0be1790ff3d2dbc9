[ "$(ls invoices | wc -l)" = 10 ] || fail "invoices/ holds $(ls invoices)"
cmp -s posted/000001-invoice-*.journal "$CASE_DIR/../1005-invoice-demo/posted.journal" || fail "not the uninterrupted run's commit"
cmp -s invoices/INV-2026-0094.xml "$CASE_DIR/../1005-invoice-demo/INV-2026-0094.xml" || fail "INV-2026-0094.xml differs"
