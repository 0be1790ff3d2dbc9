. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
pay_run 2026-12-01
head -c 600 reports/pain002-v10-rjct-lagerhaus.xml >broken.xml
snapshot_save
