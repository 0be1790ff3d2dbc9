# Books with no income or expenses through the date still get a closing
# transaction (two zero postings on the retained account), which records
# the new root and so seals them: a later commit to them is refused
# (after.sh), and the new books check with the closing file sealed.
mkdir old new
cat > old/books.journal <<'J'
commodity 1,000.00 EUR
account Assets:Bank  ; role: bank
account Equity:Opening
account Equity:Retained  ; role: retained

2026-01-02 * Owner's money
    Assets:Bank  1,000.00 EUR
    Equity:Opening
J
cat > december.journal <<'J'
2026-12-01 * More owner's money
    Assets:Bank  10.00 EUR
    Equity:Opening
J
