set -e
[ -f 'out/archive/2026-11-28/Kontoauszug 23.11. "Müller" ; rm -rf.xml' ]
[ -f "out/archive/2026-11-28/it's – tuesday.xml" ]
[ "$(stat -c %a "out/archive/2026-11-28/it's – tuesday.xml")" = 600 ]
[ -L 'out/refused/2026-11-28/a link.xml' ]
grep -qx 'a symbolic link, not a statement file' 'out/refused/2026-11-28/a link.xml.reason.txt'
[ "$(stat -c %a /etc/passwd)" = 644 ] && head -1 /etc/passwd | grep -q '^root:'
unzip -l out/packs/clerk-2026-11-28.zip | grep -q 'inputs/Kontoauszug 23.11. "Müller" ; rm -rf.xml'
[ -z "$(ls inbox)" ]
"$CLERK" verify out/packs/clerk-2026-11-28.zip -f books.journal >/dev/null
