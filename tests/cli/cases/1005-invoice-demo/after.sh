assert_posted_dir '000000-clerk.journal' '000001-invoice-*.journal'
f=$(echo posted/000001-invoice-*.journal)
cmp -s "$f" "$CASE_DIR/posted.journal" || { diff -u "$CASE_DIR/posted.journal" "$f"; fail "posted file differs"; }
[ "$(ls invoices | tr '\n' ' ')" = "CN-2026-0001.html CN-2026-0001.xml INV-2026-0094.html INV-2026-0094.xml INV-2026-0095.html INV-2026-0095.xml INV-2026-0096.html INV-2026-0096.xml INV-2026-0097.html INV-2026-0097.xml " ] || fail "invoices/ holds: $(ls invoices)"
cmp -s invoices/INV-2026-0094.html "$CASE_DIR/INV-2026-0094.html" || { diff -u "$CASE_DIR/INV-2026-0094.html" invoices/INV-2026-0094.html; fail "INV-2026-0094.html differs"; }
# nothing a customer reads names an account of ours, or fetches anything
! grep -l 'Assets:\|Income:\|Liabilities:' invoices/* || fail "an account name in a document"
! grep -l 'src=\|href=\|@import\|url(' invoices/*.html || fail "a page refers to something outside it"
[ "$(stat -c %a invoices/INV-2026-0094.xml)" = 600 ] || fail "not mode 0600"
cmp -s invoices/INV-2026-0094.xml "$CASE_DIR/INV-2026-0094.xml" || { diff -u "$CASE_DIR/INV-2026-0094.xml" invoices/INV-2026-0094.xml; fail "INV-2026-0094.xml differs"; }
cmp -s invoices/CN-2026-0001.xml "$CASE_DIR/CN-2026-0001.xml" || { diff -u "$CASE_DIR/CN-2026-0001.xml" invoices/CN-2026-0001.xml; fail "CN-2026-0001.xml differs"; }
"$CLERK" check -f books.journal --strict >/dev/null || fail "the books do not check"
assert_hledger_agrees books.journal
assert_ledger_agrees books.journal
# the credit note reduced INV-2026-0084: 1,428.00 - 238.00 = 1,190.00 open
"$CLERK" open -f books.journal --date 2026-12-31 -O csv | grep -q ',INV-2026-0084,2026-10-14,2026-11-13,EUR,1428.00,1190.00,' ||
	fail "INV-2026-0084 is not open for 1190.00"
# the new invoices are open items with their due dates and references
"$CLERK" open -f books.journal --date 2026-12-31 -O csv | grep -q ',INV-2026-0094,2026-12-01,2026-12-15,EUR,1224.12,1224.12,' ||
	fail "INV-2026-0094 is not open"
# the received-bills reader takes every document back with the same totals and
# finds no broken rule (tests/einvoice/einvoice-dump: einvoice_read_file, einvoice_verify)
(cd invoices && "$top_builddir/tests/einvoice/einvoice-dump" --verify *.xml) >readback.csv ||
	fail "a document does not read back or breaks a rule"
cmp -s readback.csv "$CASE_DIR/readback.csv" || { diff -u "$CASE_DIR/readback.csv" readback.csv; fail "read back differently"; }
# every document validates against the UBL 2.1 XSDs (skipped without xmllint or ../shared)
schemas=$top_srcdir/../shared/schemas/ubl-2.1/maindoc
command -v xmllint >/dev/null || { echo "xmllint is not installed (libxml2-utils): the UBL files were not validated" >&2; exit 77; }
[ -d "$schemas" ] || { echo "$schemas is missing: the UBL files were not validated" >&2; exit 77; }
for f in invoices/*.xml; do
	case $(basename "$f") in
	CN-*) x=$schemas/UBL-CreditNote-2.1.xsd ;;
	*) x=$schemas/UBL-Invoice-2.1.xsd ;;
	esac
	xmllint --noout --schema "$x" "$f" 2>&1 | grep -v ' validates$' && fail "$f does not validate"
done
true
