# a file that is not camt, a broken statement and a statement for an account
# the books do not know: each set aside with its reason, the rest goes on
cp -r "$top_srcdir/fixtures/demo/." .
printf 'Dear customer, your statement is attached.\n' >inbox/readme.txt
head -c 2000 inbox/2026-11-26-camt053.xml >inbox/broken.xml
sed 's/DE89370400440532013000/DE02120300000000202051/' inbox/2026-11-23-camt053.xml >inbox/other-account.xml
