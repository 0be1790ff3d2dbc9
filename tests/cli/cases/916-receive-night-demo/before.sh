# the demo's e-invoices arrive in the inbox beside the week's statements: the
# night receives them before it imports (5 posted, a duplicate taken, 2 held
# in the inbox for a person, 1 refused and set aside)
cp -r "$top_srcdir/fixtures/demo/." .
cp bills-inbox/*.xml inbox/
