# an import that commits: --report FILE gets the same JSON as stdout
cp -r "$top_srcdir/fixtures/demo/." .
