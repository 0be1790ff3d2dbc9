# one posted file, the books check, hledger and ledger agree with clerk
assert_posted_dir '000000-clerk.journal' '000001-receive-*.journal'
f=$(echo posted/000001-receive-*.journal)
[ "$(stat -c %a "$f")" = 600 ] || fail "$f is not mode 0600"
h=$(sha256sum <"$f" | cut -c1-12)
[ "$f" = "posted/000001-receive-$h.journal" ] || fail "$f is not named after its content ($h)"
cmp -s "$f" "$CASE_DIR/posted.journal" || { diff -u "$CASE_DIR/posted.journal" "$f"; fail "posted file differs"; }
"$CLERK" check -f books.journal --strict >/dev/null || fail "the books do not check"
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
# the credit note reduced PN-46107: 1,142.40 - 114.24 = 1,028.16 left open
"$CLERK" open -f books.journal --payables --date 2026-11-28 -O csv | grep -q '^Papierhaus Nord GmbH,Liabilities:Payable:Papierhaus Nord,PN-46107,2026-11-17,2026-12-17,EUR,1142.40,1028.16,' ||
	fail "PN-46107 is not open for 1028.16"
