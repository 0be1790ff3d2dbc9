# every party's statement (case 1105 in CSV); days_past_due a number or null
cp -r "$top_srcdir/fixtures/demo/." .
