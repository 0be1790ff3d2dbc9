. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
sed -i 's/^account Liabilities:Payable             ; role: payable$/&, pay-approval: required/' books.journal
grep -q 'pay-approval: required' books.journal
