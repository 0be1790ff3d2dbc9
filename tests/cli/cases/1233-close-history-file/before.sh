# Items settled more than 90 days before the close go to a history file the
# new root includes, and their keys beside it; the night reads only the keys.
# A customer pays INV-2026-0001 (settled in February) again, by its number
# and by its reference: `overpaid` in the new books as in the unclosed ones,
# not matched by amount to INV-2026-0002; a third payment is.
CLOSE=no old_settled_books
"$CLERK" close -n -f old/books.journal --through 2026-11-30 --to new/books.journal > dry.out
"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal >/dev/null
history_statement st.xml 500.00
