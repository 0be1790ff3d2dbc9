# an intra-community acquisition (K): VAT self-assessed at 19 % on 100.00 (19.00 input,
# 19.00 output); the exempt line (E) posts no VAT
cp -r "$top_srcdir/fixtures/demo/." .
