[ -z "$(ls inbox)" ] || fail "inbox: $(ls inbox)"
f=$(ls posted/000002-run-*.journal)
grep -q 'Liabilities:Payable:Druckwerk  -357.00 EUR  ; invoice: DW-2026-1243' "$f"
grep -q 'Liabilities:Payable:Nordlicht  -464.10 EUR  ; invoice: NL-5511' "$f"
"$CLERK" verify -f books.journal out/packs/clerk-2026-12-01.zip >/dev/null
"$CLERK" check -q -f books.journal
assert_hledger_agrees books.journal
