# finding 2: without the 24 November statement the night of the 28th holds
# every notice and letter (Kieler Segelschule paid on the 24th, in a
# statement set aside); when the statement arrives, the Monday night posts
# the week and catches up, and Kieler Segelschule gets no reminder
cp -r "$top_srcdir/fixtures/demo/." .
mv inbox/2026-11-24-camt053.xml .
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || [ $? -eq 5 ]
[ ! -e out/2026-11-28/letters ]
grep -q "^Kieler Segelschule GmbH,.*,held," out/2026-11-28/collections.csv
! grep -q dunning-notice posted/*-run-*.journal
mv 2026-11-24-camt053.xml out/refused/2026-11-28/*.xml inbox/
