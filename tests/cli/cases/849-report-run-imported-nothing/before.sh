# The week imported with `clerk import`, then a night with an empty inbox:
# the run posts only its five dunning notices. A run that imported nothing
# is no import: the last import stays the `clerk import` of the five
# statements (2026-0227 to 2026-0231, 12 movements), in the page and in
# the run's own report.html alike.
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/*.xml
rm inbox/*.xml
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28
ls posted/000001-import-*.journal posted/000002-run-*.journal
head -n 1 posted/000002-run-*.journal | grep -qx '; clerk-run: 2026-11-28'
! grep -q 'statement-kind' posted/000002-run-*.journal
