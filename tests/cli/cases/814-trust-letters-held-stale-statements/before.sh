# clerk letters on books whose statements end on Monday: held, nothing
# written, nothing recorded (exit 5); clerk collections says held
cp -r "$top_srcdir/fixtures/demo/." .
"$CLERK" import -q -f books.journal inbox/2026-11-23-camt053.xml
snapshot_save
