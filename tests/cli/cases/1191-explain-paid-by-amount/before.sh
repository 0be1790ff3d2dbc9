# The matching scenario imported: M5 pays B-40 by its amount alone (rule
# amount: no reference, no invoice number, the payer's only item of 40.00).
"$CLERK" import -q -f books.journal s1.xml
