# finding 10: a symbolic link, a FIFO, a folder and a name with a control
# character are never read nor moved; each is recorded in inbox.tsv,
# refused.txt, exceptions.txt, run.json (not as an input), log.jsonl and the
# pack, and the night holds its notices
cp -r "$top_srcdir/fixtures/demo/." .
ln -s ../books.journal inbox/link.xml
mkfifo inbox/pipe.xml
mkdir inbox/folder.xml
cp inbox/2026-11-27-camt053.xml "inbox/$(printf "tab\tname.xml")"
