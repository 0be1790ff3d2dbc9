# a reverse-charge bill in USD (the books declare USD): 300.00 USD net, VAT self-assessed
# at 19 %: 57.00 USD input and output VAT; due from Cloudberry's terms (net 14)
cp -r "$top_srcdir/fixtures/demo/." .
