# names with spaces, quotes, a semicolon and non-ASCII letters are only data
cp -r "$top_srcdir/fixtures/demo/." .
cd inbox
mv 2026-11-23-camt053.xml "Kontoauszug 23.11. \"Müller\" ; rm -rf.xml"
mv 2026-11-24-camt053.xml "it's – tuesday.xml"
ln -s /etc/passwd "a link.xml"
