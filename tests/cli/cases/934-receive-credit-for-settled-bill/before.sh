# a credit note for PN-45821, which was paid on 4 November: held, a person decides
# whether it is a refund or a credit on account
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
