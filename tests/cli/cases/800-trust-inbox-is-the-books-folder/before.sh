# finding 1: --inbox naming the books' own folder moved the books away;
# now it is refused before anything is touched
cp -r "$top_srcdir/fixtures/demo/." .
cp inbox/*.xml .
snapshot_save
