# the same totals in hledger (ledger 3.3 refuses '+$500.00', the time 17:30
# without seconds and the cost on an assertion: formats/journal.md)
assert_hledger_agrees books.journal
