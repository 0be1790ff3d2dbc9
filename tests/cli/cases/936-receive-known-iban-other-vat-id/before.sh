# Papierhaus' name and IBAN, but another VAT id: not Papierhaus; held
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
