[ "$(ls inbox | tr '\n' ' ')" = "2026-11-26-druckwerk-DW-2026-1243.xml 2026-11-27-nordlicht-NL-5511.xml " ] ||
	fail "the held bills are not (alone) in the inbox: $(ls inbox)"
[ "$(ls out/refused/2026-11-28)" = "2026-11-28-druckwerk-DW-2026-1250.xml
2026-11-28-druckwerk-DW-2026-1250.xml.reason.txt" ] || fail "refused: $(ls out/refused/2026-11-28)"
grep -q 'BR-CO-15' out/refused/2026-11-28/2026-11-28-druckwerk-DW-2026-1250.xml.reason.txt
[ "$(ls out/archive/2026-11-28 | wc -l)" = 11 ] || fail "archive: $(ls out/archive/2026-11-28)"
# one commit: the bills among the movements by date, in the night's posted file
[ "$(ls posted | wc -l)" = 2 ]
f=$(ls posted/000001-run-*.journal)
[ "$(grep -c '^; clerk-receive-sha256: ' "$f")" = 5 ] || fail "5 bills posted: $(grep -c clerk-receive "$f")"
grep -q 'Liabilities:Payable:Kontorhaus  -2,618.00 EUR  ; invoice: KV-2026-12' "$f"
# the bills table in the pack and the run folder; statuses in inbox.tsv
cut -d, -f1,14,15 out/2026-11-28/bills.csv >bills.txt
diff - bills.txt <<'END'
file,decision,reason
2026-11-24-papierhaus-PN-46390.xml,posted,
2026-11-25-cloudberry-CB-90655.xml,posted,
2026-11-26-druckwerk-DW-2026-1243.xml,held,iban-changed
2026-11-26-elbstrom-EE-7731-11.xml,posted,
2026-11-27-nordlicht-NL-5511.xml,held,unknown-seller
2026-11-27-papierhaus-PN-46107.xml,duplicate,same-number
2026-11-27-papierhaus-PN-G-0193.xml,posted,
2026-11-28-druckwerk-DW-2026-1250.xml,refused,BR-CO-15
2026-11-28-kontorhaus-KV-2026-12.xml,posted,
END
[ "$(cut -f2 out/2026-11-28/inbox.tsv | sort | uniq -c | awk '{ printf "%s=%s ", $2, $1 }')" = "held=2 refused=1 status=1 taken=11 " ]
unzip -l out/packs/clerk-2026-11-28.zip | grep -q ' bills.csv$'
unzip -l out/packs/clerk-2026-11-28.zip | grep -q ' inputs/2026-11-27-nordlicht-NL-5511.xml$'
grep -q '"event":"bill","file":"2026-11-27-nordlicht-NL-5511.xml","decision":"held","reason":"unknown-seller"' out/2026-11-28/log.jsonl
grep -q 'iban-changed' out/2026-11-28/exceptions.txt
# the pack re-runs to the same bytes; the books check and agree with hledger and ledger
"$CLERK" verify -f books.journal out/packs/clerk-2026-11-28.zip >/dev/null
"$CLERK" check -q --strict -f books.journal
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
