# the demo books have no transit account: the night does everything else,
# makes no payment run, says why in the exceptions and exits 5
cp -r "$top_srcdir/fixtures/demo/." .
