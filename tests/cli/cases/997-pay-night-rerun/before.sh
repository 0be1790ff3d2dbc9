# run twice the same night: the second run finds it done and changes
# nothing; a later night the same day (a new statement) pays nothing twice
. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
mkdir inbox
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-12-01 --pay
tree_listing >"$CASE_TMP/first"
