# The matching scenario imported: M4 pays B-10, B-20 and B-30 together
# (rule combination); explain B-10 names the payment, the rule and the
# other items the same payment settled.
"$CLERK" import -q -f books.journal s1.xml
