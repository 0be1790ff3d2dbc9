p=$(grep '^P ' new/books.journal)
[ "$p" = 'P 2026-06-30 USD 0.9124 EUR
P 2026-03-01 "ACME 1" 12.50 USD
P 2026-12-15 USD 0.90 EUR' ] || fail "prices of the new root: $p"
"$CLERK" check -q -f new/books.journal || fail "the new books do not check"
need_hledger
for d in 2026-12-02 2027-01-01; do
	o=$(hledger -f old/books.journal bal -N -V -e $d --layout=bare) || fail "hledger old"
	n=$(hledger -f new/books.journal bal -N -V -e $d --layout=bare) || fail "hledger new"
	[ "$o" = "$n" ] || fail "hledger -V to $d: $(diff <(echo "$o") <(echo "$n"))"
done
echo "$o" | grep -q '450.00  EUR  Assets:Bank USD' || fail "the price after the close is not used: $o"
if command -v ledger >/dev/null 2>&1; then
	for d in 2026-12-02 2027-01-01; do
		[ "$(ledger -f old/books.journal bal -V -e $d)" = "$(ledger -f new/books.journal bal -V -e $d)" ] ||
			fail "ledger -V to $d differs"
	done
fi
