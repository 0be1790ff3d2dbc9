# After the close, the accountant reopens INV-2026-0001 (its February payment
# came back, booked by hand in both books). The night finds a posting naming
# an item of the history file and reads the whole history file, as the other
# commands do: the next payment naming INV-2026-0001 is matched to it, as in
# the unclosed books, not taken as paid twice.
old_settled_books
cat > back.journal <<'J'
2026-12-02 * Alster Cafe | payment of INV-2026-0001 returned by the bank
    Assets:Receivable:Alster Cafe      500.00 EUR  ; invoice: INV-2026-0001, match: reversal
    Assets:Bank:Operating             -500.00 EUR
J
"$CLERK" post -q -f new/books.journal back.journal
"$CLERK" post -q -f unclosed/books.journal back.journal
history_statement st.xml 0.00
