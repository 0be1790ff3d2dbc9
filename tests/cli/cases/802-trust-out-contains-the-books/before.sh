# an output folder that contains the books is refused
mkdir books && cp -r "$top_srcdir/fixtures/demo/." books/
snapshot_save
