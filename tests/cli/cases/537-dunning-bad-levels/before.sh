sed -i 's/; dunning-fees: 0 5.00 10.00 15.00/; dunning-levels: 10 5, dunning-fees: 0 5.00 10.00 15.00/' books.journal
