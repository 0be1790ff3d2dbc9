set -e
[ -f 'out/archive/2026-11-28/Kontoauszug 23.11. "Müller" ; rm -rf.xml' ]
[ -f "out/archive/2026-11-28/it's – tuesday.xml" ]
[ "$(stat -c %a "out/archive/2026-11-28/it's – tuesday.xml")" = 600 ]
# a symbolic link is never read nor moved: it stays in the inbox, recorded
[ -L 'inbox/a link.xml' ] && [ ! -e 'out/refused/2026-11-28/a link.xml' ]
grep -q '^- a link.xml: a symbolic link, not a statement file: left in the inbox$' out/2026-11-28/exceptions.txt
grep -q "^a link.xml	left	-	-	a symbolic link" out/2026-11-28/inbox.tsv
[ "$(stat -c %a /etc/passwd)" = 644 ] && head -1 /etc/passwd | grep -q '^root:'
unzip -l out/packs/clerk-2026-11-28.zip | grep -q 'inputs/Kontoauszug 23.11. "Müller" ; rm -rf.xml'
[ "$(ls inbox)" = "a link.xml" ]
"$CLERK" verify out/packs/clerk-2026-11-28.zip -f books.journal >/dev/null
