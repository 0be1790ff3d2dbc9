# The keys file beside the history file is what the night decides by:
# changed by hand (a number of it replaced), `clerk check` reports it at the
# history file, exit 1. Removed, check warns only and the night reads the
# whole history file: the same decisions as the unclosed books.
old_settled_books
sed -i 's/^n\tINV20261\t/n\tINV20269\t/' new/books.history.keys
history_statement st.xml 500.00
