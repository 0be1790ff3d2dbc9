# killed; the rerun finishes the close with exactly the files of an uninterrupted one
[ "$RC" = 137 ] || fail "not killed"
"$CLERK" check -q -f old/books.journal
"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal > /dev/null
mkdir "$CASE_TMP/ref" && cd "$CASE_TMP/ref"
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal > /dev/null
cd "$CASE_WORK"
diff -r -x '*.lock' "$CASE_TMP/ref/old" old || fail "old books differ from an uninterrupted close"
diff -r "$CASE_TMP/ref/new" new || fail "new books differ from an uninterrupted close"
ls -A old/posted | grep -q '^\.' && fail "temporary left in posted/"
"$CLERK" check -q -f new/books.journal
