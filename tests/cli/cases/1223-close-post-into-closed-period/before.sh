# The demo books closed through 2026-11-30: a dry run of a batch with a
# transaction dated on the close's day names that transaction (the closed
# period is sealed: the new books' seal would report the changed books); the
# real post is refused before it reads the batch, as every commit to closed
# books is (case 1227), and nothing is written.
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal >/dev/null
cat > late.journal <<'J'
2026-12-01 * Paper for December
    Expenses:Paper                           120.00 EUR
    Assets:Bank:Operating                   -120.00 EUR

2026-11-30 * Forgotten November paper
    Expenses:Paper                            80.00 EUR
    Assets:Bank:Operating                    -80.00 EUR
J
tree_listing old > "$CASE_TMP/before.tree"
