# The demo books closed through 2026-11-30 into new/: closing them again
# through an earlier (or the same, or a later) date is refused, exit 2,
# nothing written; only the same close (same date, same new root) runs
# again, to finish an interrupted one (cases 1210-1212).
mkdir old new other
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal >/dev/null
tree_listing . > "$CASE_TMP/before.tree"
