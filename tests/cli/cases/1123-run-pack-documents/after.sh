pack=out/packs/clerk-2026-11-30.zip
# 10 × 12.50 = 125.00 + 19 % 23.75 = 148.75; the credit note 100.00 + 19.00 = 119.00
[ "$(unzip -Z1 "$pack" | grep '^documents/' | tr '\n' ' ')" = "documents/CN-2026-0001.html documents/CN-2026-0001.xml documents/INV-2026-0094.html documents/INV-2026-0094.xml " ] ||
	fail "the pack's documents: $(unzip -Z1 "$pack" | grep '^documents/')"
for f in CN-2026-0001.html CN-2026-0001.xml INV-2026-0094.html INV-2026-0094.xml; do
	unzip -p "$pack" "documents/$f" >"$CASE_TMP/m"
	cmp -s "$CASE_TMP/m" "invoices/$f" || fail "documents/$f is not invoices/$f byte for byte"
	# and what the books record for it
	line=$(grep -h "; clerk-document: invoices/$f " posted/000002-invoice-*.journal)
	[ "$line" = "    ; clerk-document: invoices/$f $(stat -c %s "invoices/$f") $(sha256sum "invoices/$f" | cut -c1-64)" ] ||
		fail "the books record '$line' for $f"
done
grep -q 'clerk-document: invoices/INV-2026-0094.xml [0-9]* [0-9a-f]*$' posted/000002-invoice-*.journal
# documents.tsv: every document of the night and what became of it
unzip -p "$pack" documents.tsv | cut -f1,2,5,6 >"$CASE_TMP/tsv"
printf 'name\tstatus\tpath\twhy\nCN-2026-0001.html\tarchived\tinvoices/CN-2026-0001.html\t\nCN-2026-0001.xml\tarchived\tinvoices/CN-2026-0001.xml\t\nINV-2026-0094.html\tarchived\tinvoices/INV-2026-0094.html\t\nINV-2026-0094.xml\tarchived\tinvoices/INV-2026-0094.xml\t\n' |
	cmp -s - "$CASE_TMP/tsv" || fail "documents.tsv: $(cat "$CASE_TMP/tsv")"
unzip -p "$pack" log.jsonl | grep -qx '{"event":"documents","archived":4,"refused":0}' || fail "no documents record in log.jsonl"
unzip -p "$pack" log.jsonl | grep -q '"documents":4,"documents_refused":0,"clean":true}$' || fail "the end record"
# the night before the invoices has none
! unzip -Z1 out/packs/clerk-2026-11-28.zip | grep -q '^documents' || fail "the 2026-11-28 pack holds documents"
# the documents stay where clerk invoice wrote them, not copied into OUT/RUN/
[ ! -e out/2026-11-30/documents ] || fail "documents copied into out/2026-11-30/"
# clerk verify -f: the re-run and the documents as the books record them
"$CLERK" verify -f books.journal "$pack" >"$CASE_TMP/v" || fail "verify: $(cat "$CASE_TMP/v")"
grep -q '; 4 documents as the books record them$' "$CASE_TMP/v" || fail "verify says: $(cat "$CASE_TMP/v")"
# the next night does not repeat them (its pack's books.tsv ... the previous one listed the invoice file)
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-12-01 || rc=$?
[ $rc -eq 5 ] || fail "2026-12-01 exited $rc"
grep -q '^Dunning held' out/2026-12-01/exceptions.txt || fail "2026-12-01: $(cat out/2026-12-01/exceptions.txt)"
! grep -q 'document' out/2026-12-01/exceptions.txt || fail "2026-12-01 lists documents"
! unzip -Z1 out/packs/clerk-2026-12-01.zip | grep -q '^documents' || fail "the 2026-12-01 pack repeats the documents"
"$CLERK" verify -f books.journal out/packs/clerk-2026-12-01.zip >/dev/null || fail "verify 2026-12-01"
"$CLERK" check -f books.journal --strict >/dev/null || fail "the books do not check"
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
