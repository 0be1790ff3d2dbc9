# a vendor's expense: names a misspelt account (the nearest declared one that
# can take a bill's net is suggested) and one far from all (no suggestion)
cp -r "$top_srcdir/fixtures/demo/." .
sed -i 's/expense: Expenses:Paper$/expense: Expenses:Papper/; s/expense: Expenses:Energy$/expense: Expenses:Electricity/' books.journal
grep -q 'Expenses:Papper' books.journal && grep -q 'Expenses:Electricity' books.journal
