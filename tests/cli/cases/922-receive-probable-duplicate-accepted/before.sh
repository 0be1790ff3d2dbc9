# a person looked: PN-46107-2 is a second delivery of the same paper, not a duplicate;
# --accept posts it and records that on the bill
cp -r "$top_srcdir/fixtures/demo/." .
