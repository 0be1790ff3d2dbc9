. "$top_srcdir/tests/cli/pay-lib.sh"
xml=out/2026-12-01/payments/PAY-2026-12-01.xml
[ -f "$xml" ] || fail "no payment file"
unzip -l out/packs/clerk-2026-12-01.zip | grep -q ' payments/PAY-2026-12-01.xml$'
unzip -l out/packs/clerk-2026-12-01.zip | grep -q ' payments.csv$'
grep -q '^"Druckfarben Mueller' out/2026-12-01/payments.csv || grep -q '^Druckfarben M' out/2026-12-01/payments.csv
[ "$(grep -c ',pay,' out/2026-12-01/payments.csv)" -ge 6 ]
grep -q '"event":"pay","run":"PAY-2026-12-01"' out/2026-12-01/log.jsonl
# the same bytes and postings as `clerk pay` on the same books
mkdir "$CASE_TMP/alone" && (cd "$CASE_TMP/alone" && pay_books && pay_run 2026-12-01)
cmp "$xml" "$CASE_TMP/alone/pay-2026-12-01.xml" || fail "the night's pain.001 differs from clerk pay's"
f=$(ls posted/000001-run-*.journal)
grep -q '^; payment run PAY-2026-12-01$' "$f"
diff <(sed -n '/^; payment run/,$p' "$f" | tail -n +3) <(grep -v '^; clerk-' "$CASE_TMP"/alone/posted/000001-*.journal | tail -n +2) ||
	fail "the night's payment postings differ from clerk pay's"
"$CLERK" verify -f books.journal out/packs/clerk-2026-12-01.zip >/dev/null
assert_xsd "$xml" pain.001.001.09.xsd
assert_books_sound books.journal
