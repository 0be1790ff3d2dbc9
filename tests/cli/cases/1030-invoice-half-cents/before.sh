# rounding at half cents, half away from zero: line nets, then VAT on each rate's total
cp -r "$top_srcdir/fixtures/demo/." .
