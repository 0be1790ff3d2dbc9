# the demo books as shipped use every item tag where it belongs
cp -r "$top_srcdir/fixtures/demo/." .
