# Tuesday's statement is missing: Wednesday's and later ones cannot be
# posted safely and are set aside; Monday's is posted
cp -r "$top_srcdir/fixtures/demo/." .
rm inbox/2026-11-24-camt053.xml
