# German banks write AcctSvcrRef NONREF ("no reference") on every entry: it
# is no reference, so the entries get digest identities and all three are
# imported (taken as one reference, the second and third entries would
# repeat the first's)
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
sed "s/<AcctSvcrRef>HB20261124[A-Z]*[0-9]*</<AcctSvcrRef>NONREF</g" inbox/2026-11-24-camt053.xml >statement.xml
[ "$(grep -c "<AcctSvcrRef>NONREF<" statement.xml)" = 5 ]
