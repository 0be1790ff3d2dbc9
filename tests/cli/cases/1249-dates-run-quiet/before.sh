cp -r "$top_srcdir/fixtures/demo/." .
rm inbox/*
