f=$(ls posted/000001-run-*.journal)
grep -q 'Liabilities:Payable:Kontorhaus  -2,618.00 EUR  ; invoice: KV-2026-12, due: ' "$f"
grep -q 'Liabilities:Payable:Kontorhaus  2,618.00 EUR  ; invoice: KV-2026-12, match: matched' "$f" ||
	{ grep -n Kontorhaus "$f"; fail "the rent was not matched to the bill received the same night"; }
"$CLERK" open -f books.journal --payables --date 2026-11-28 -O csv | grep -q 'KV-2026-12' && fail "KV-2026-12 is still open"
"$CLERK" verify -f books.journal out/packs/clerk-2026-11-28.zip >/dev/null
"$CLERK" check -q --strict -f books.journal
assert_hledger_agrees books.journal
