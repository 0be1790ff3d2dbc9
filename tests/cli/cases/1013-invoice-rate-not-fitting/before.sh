# rates that do not fit their category: reverse charge with 19 %, O with a rate, S without one
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
