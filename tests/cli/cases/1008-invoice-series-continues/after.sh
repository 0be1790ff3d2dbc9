"$CLERK" check -f books.journal --strict >/dev/null || fail "the books do not check"
[ -f invoices/INV-2026-0098.xml ] && [ -f invoices/CN-2026-0002.xml ] || fail "files missing: $(ls invoices)"
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
