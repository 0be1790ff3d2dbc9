# a glob include matches a regular file and a FIFO: the FIFO is refused at
# the include line, naming the match; the regular file is read
cp -r "$top_srcdir/fixtures/demo/." .
mkdir extra
printf "2026-11-30 * moved\n    Assets:Bank:Operating  0.00 EUR\n    Assets:Cash  0.00 EUR\n" >extra/a.journal
mkfifo extra/b.journal
echo "include extra/*.journal" >>books.journal
snapshot_save
