# The demo books closed through 2026-11-30: a night on the old books is
# refused before it reads the inbox (they are sealed), exit 2: no out/
# folder, no pack, the statements left in the inbox, nothing posted.
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal >/dev/null
tree_listing . > "$CASE_TMP/before.tree"
