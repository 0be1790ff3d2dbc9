# the statements may not be written into the books' posted/ folder
cp -r "$top_srcdir/fixtures/demo/." .
mkdir -p posted
