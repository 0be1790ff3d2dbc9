"$CLERK" check -q --strict -f books.journal || fail "clerk check --strict fails after the week"
assert_hledger_agrees books.journal
if command -v ledger >/dev/null 2>&1; then
	ledger -f books.journal bal >"$CASE_TMP/ledger.txt" 2>&1 || { cat "$CASE_TMP/ledger.txt"; fail 'ledger cannot read the books after the week'; }
fi
assert_posted_dir 000000-clerk.journal '000001-import-*.journal' '000002-import-*.journal' \
	'000003-import-*.journal' '000004-import-*.journal' '000005-import-*.journal'
# the return reopens INV-2026-0089 and takes back the 45.00 credit
grep -q 'Assets:Receivable:Kieler Segelschule  238.00 EUR  ; invoice: INV-2026-0089, match: reversal' posted/000005-import-*.journal || fail 'the return must reopen INV-2026-0089'
grep -q 'Assets:Receivable:Kieler Segelschule  45.00 EUR  ; match: reversal' posted/000005-import-*.journal || fail 'the return must take back the 45.00 credit'
# the bank balance of the books is Friday's closing balance, asserted on Friday
grep -q '^2026-11-27 \* closing balance of camt.053 2026-0231' posted/000005-import-*.journal || fail 'the closing balance must be dated 2026-11-27'
grep -q '= 55,471.84 EUR' posted/000005-import-*.journal || fail 'closing balance 55,471.84'
