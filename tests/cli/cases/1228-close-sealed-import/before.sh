# Monday to Wednesday imported, then closed through Wednesday: Thursday's
# statement offered to the old books is refused (they are sealed), exit 2,
# nothing written; it goes to the new books (case 1215).
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
"$CLERK" import -q -f old/books.journal old/inbox/2026-11-2[345]-camt053.xml
"$CLERK" close -f old/books.journal --through 2026-11-25 --to new/books.journal >/dev/null
tree_listing . > "$CASE_TMP/before.tree"
