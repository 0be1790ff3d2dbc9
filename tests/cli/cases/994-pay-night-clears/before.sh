# the next night imports the bank's statement of 1 December: the five
# transfers executed that day clear their transit postings exactly; the one
# for 4 December stays in transit; the night's payment run finds nothing new
. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
mkdir inbox
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-12-01 --pay
cp bank/2026-12-01-camt053.xml inbox/
