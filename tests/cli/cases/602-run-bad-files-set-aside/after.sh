set -e
diff expected-exceptions.txt out/2026-11-28/exceptions.txt
[ "$(ls out/refused/2026-11-28 | tr '\n' ' ')" = "broken.xml broken.xml.reason.txt other-account.xml other-account.xml.reason.txt readme.txt readme.txt.reason.txt " ]
grep -qx 'readme.txt:1:1: error: not an XML document (no root element)' out/refused/2026-11-28/readme.txt.reason.txt
[ "$(ls out/archive/2026-11-28 | wc -l)" = 5 ]
[ -z "$(ls inbox)" ]
# the files set aside are in the pack too, as received, and listed
unzip -p out/packs/clerk-2026-11-28.zip refused.txt | sort | tr '\n' ' ' | grep -qx 'broken.xml other-account.xml readme.txt '
unzip -p out/packs/clerk-2026-11-28.zip inputs/readme.txt | grep -q 'Dear customer'
"$CLERK" check -q -f books.journal
