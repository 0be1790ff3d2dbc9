# one .json file per statement, each the CSV file of the same statement
cp -r "$top_srcdir/fixtures/demo/." .
