# --report writes the decisions table beside a real run (mode 0600); -q prints only errors
cp -r "$top_srcdir/fixtures/demo/." .
