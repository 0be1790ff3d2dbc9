. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
mkdir "$CASE_TMP/ref" && cp -r . "$CASE_TMP/ref"
(cd "$CASE_TMP/ref" && "$CLERK" pay -q -f books.journal --date 2026-12-01 --out pay.xml)
rc=0; CLERK_FAULT=commit:before-rename "$CLERK" pay -q -f books.journal --date 2026-12-01 --out pay.xml || rc=$?
[ "$rc" = 137 ] || fail "not killed ($rc)"
[ ! -e pay.xml ] && ! ls posted/*-pay-*.journal 2>/dev/null
