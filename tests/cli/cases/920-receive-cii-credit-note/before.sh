# a CII credit note (TypeCode 381) for Papierhaus' open bill PN-46107 (1,142.40 EUR):
# the vendor is debited 119.00 against PN-46107, expense and VAT credited
cp -r "$top_srcdir/fixtures/demo/." .
