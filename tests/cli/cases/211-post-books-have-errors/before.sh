# break the books: an unbalanced transaction at the end of the root
printf '\n2023-01-31 Broken\n    expenses:office    1.00 EUR\n    assets:bank       -2.00 EUR\n' >>books.journal
snapshot_save
