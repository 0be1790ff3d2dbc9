# a Monday night with Friday's statement is complete (one banking day)
cp -r "$top_srcdir/fixtures/demo/." .
