pack=out/packs/clerk-2026-11-30.zip
[ "$(unzip -Z1 "$pack" | grep '^documents/' | tr '\n' ' ')" = "documents/CN-2026-0001.html documents/INV-2026-0094.xml " ] ||
	fail "the pack's documents: $(unzip -Z1 "$pack" | grep '^documents/')"
for f in CN-2026-0001.html INV-2026-0094.xml; do
	unzip -p "$pack" "documents/$f" | cmp -s - "invoices/$f" || fail "documents/$f is not invoices/$f"
done
# what a person reads: the two documents and why (sizes and digests of the files, as the books record them)
size=$(stat -c %s invoices/INV-2026-0094.html)
now=$(sha256sum invoices/INV-2026-0094.html | cut -c1-12)
rec=$(grep -o 'clerk-document: invoices/INV-2026-0094.html [0-9]* [0-9a-f]*' posted/000002-invoice-*.journal)
set -- $rec
[ "$3" = $((size - 1)) ] || fail "recorded size $3, the file has $size bytes"
cat >"$CASE_TMP/want" <<EOT
2 documents not put into the pack (missing, or not the bytes the books record: put back what was sent, or find out why it changed):
- CN-2026-0001.xml: 'invoices/CN-2026-0001.xml' is missing
- INV-2026-0094.html: 'invoices/INV-2026-0094.html' is not the document the books record ($size bytes, SHA-256 $now..., recorded $3 bytes, $(echo "$4" | cut -c1-12)...)

EOT
cmp -s "$CASE_TMP/want" out/2026-11-30/exceptions.txt || { diff -u "$CASE_TMP/want" out/2026-11-30/exceptions.txt; fail "exceptions.txt"; }
unzip -p "$pack" exceptions.txt | cmp -s - out/2026-11-30/exceptions.txt || fail "the pack's exceptions.txt"
unzip -p "$pack" log.jsonl >"$CASE_TMP/log"
grep -qx '{"event":"document","name":"CN-2026-0001.xml","status":"refused","why":"'"'"'invoices/CN-2026-0001.xml'"'"' is missing"}' "$CASE_TMP/log" || fail "log: $(cat "$CASE_TMP/log")"
grep -q '^{"event":"document","name":"INV-2026-0094.html","status":"refused","why":"' "$CASE_TMP/log" || fail "log: no INV-2026-0094.html"
grep -qx '{"event":"documents","archived":2,"refused":2}' "$CASE_TMP/log" || fail "log: no documents record"
grep -q '"documents":4,"documents_refused":2,"clean":false}$' "$CASE_TMP/log" || fail "log: the end record"
[ "$(unzip -p "$pack" documents.tsv | cut -f1,2 | tr '\t\n' ': ')" = "name:status CN-2026-0001.html:archived CN-2026-0001.xml:refused INV-2026-0094.html:refused INV-2026-0094.xml:archived " ] ||
	fail "documents.tsv: $(unzip -p "$pack" documents.tsv)"
# the pack is what the night did: verify -f re-runs it and finds the same
"$CLERK" verify -f books.journal "$pack" >"$CASE_TMP/v" || fail "verify: $(cat "$CASE_TMP/v")"
grep -q '; 2 documents as the books record them$' "$CASE_TMP/v" || fail "verify says: $(cat "$CASE_TMP/v")"
# run again: the night is done, with its own status
rc=0
"$CLERK" run -f books.journal --inbox inbox --out out --date 2026-11-30 >/dev/null || rc=$?
[ $rc -eq 5 ] || fail "the rerun exited $rc"
