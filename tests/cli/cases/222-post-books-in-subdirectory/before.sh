mkdir ledger
mv books.journal ledger/
