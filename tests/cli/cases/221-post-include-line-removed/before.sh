"$CLERK" post -q -f books.journal batch1.journal
# someone restores the root from before the first post: the include line is
# gone, so the books no longer show that batch1 was posted
cp "$top_srcdir/tests/cli/fixtures/books/books.journal" books.journal
snapshot_save
