# The demo books closed through 2026-11-30 into new/: they are sealed. A
# batch dated after the close (which would not reach the new books) is
# refused before it is read, naming the new books, exit 2, nothing written;
# so is every other command that commits (after.sh), while the reading
# commands keep working.
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal >/dev/null
cat > december.journal <<'J'
2026-12-01 * Paper for December
    Expenses:Paper                           120.00 EUR
    Assets:Bank:Operating                   -120.00 EUR
J
tree_listing . > "$CASE_TMP/before.tree"
