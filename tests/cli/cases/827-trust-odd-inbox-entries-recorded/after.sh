[ "$(ls inbox | wc -l)" = 4 ] && [ -L inbox/link.xml ] && [ -p inbox/pipe.xml ] && [ -d inbox/folder.xml ]
[ ! -e out/refused ]
cut -f1,2,5 out/2026-11-28/inbox.tsv | diff expected-inbox.txt -
diff expected-refused.txt out/2026-11-28/refused.txt
grep -q "^4 inbox entries not read, left in the inbox:$" out/2026-11-28/exceptions.txt
grep -q "^- pipe.xml: a FIFO, not a statement file: left in the inbox$" out/2026-11-28/exceptions.txt
[ "$(grep -c "\"status\":\"left\"" out/2026-11-28/log.jsonl)" = 4 ]
unzip -p out/packs/clerk-2026-11-28.zip inbox.tsv | cmp - out/2026-11-28/inbox.tsv
! grep -q "link.xml" out/2026-11-28/run.json
"$CLERK" verify out/packs/clerk-2026-11-28.zip -f books.journal >/dev/null
# a rerun is the same night: nothing new
"$CLERK" run -f books.journal --inbox inbox --out out --date 2026-11-28 || [ $? -eq 5 ]
[ "$(ls out/packs)" = clerk-2026-11-28.zip ]
