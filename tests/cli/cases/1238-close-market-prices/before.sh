# Market prices (`P`) of the closed books reach the new root: of each pair
# the last price through the close date (of two on that date, the later
# one), and every price dated after it; older ones are left behind. So
# hledger and ledger value the new books as the old ones for any date
# after the close (after.sh).
mkdir old new
cat > old/books.journal <<'J'
commodity 1,000.00 EUR
commodity 1,000.00 USD
commodity 1,000.0000 "ACME 1"
account Assets:Bank  ; role: bank
account Assets:Bank USD  ; role: bank
account Assets:Shares
account Equity:Opening
account Equity:Retained  ; role: retained

P 2026-01-01 USD 0.95 EUR
P 2026-06-30 USD 0.9123 EUR
P 2026-06-30 USD 0.9124 EUR
P 2026-03-01 "ACME 1" 12.5 USD
P 2026-12-15 12:00:00 USD 0.90 EUR

2026-01-02 * Owner's money
    Assets:Bank  1,000.00 EUR
    Assets:Bank USD  500.00 USD
    Assets:Shares  10.0000 "ACME 1"
    Equity:Opening  -1,000.00 EUR
    Equity:Opening  -500.00 USD
    Equity:Opening  -10.0000 "ACME 1"
J
