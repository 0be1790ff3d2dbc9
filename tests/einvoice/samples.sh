#!/bin/bash
# tests/einvoice/samples.sh - Clerk's own sample e-invoices (tests/einvoice/
# samples/, written for the tests, their sums worked out in their comments)
# (TAP).
#
# Each sample is read and verified by tests/einvoice/einvoice-dump with no
# diagnostic at all, and validates against its official XSD (UBL 2.1
# Invoice or CreditNote, CII D16B) from the shared schemas folder with
# xmllint; without xmllint or the schemas that part is skipped, loudly.
#
# Environment: top_srcdir, top_builddir (set by `make check`); SHARED
# overrides the shared folder ($top_srcdir/../shared).
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
shared=${SHARED:-$top_srcdir/../shared}
schemas=$shared/schemas
dump=$top_builddir/tests/einvoice/einvoice-dump
export LC_ALL=C TZ=UTC

if [ ! -x "$dump" ]; then
	echo "1..0 # SKIP test driver not built: $dump"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-einvoice-samples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

samples=()
while IFS= read -r f; do
	samples+=("$f")
done < <(cd "$here/samples" && LC_ALL=C ls -1 | grep '\.xml$')

echo "1..$((2 * ${#samples[@]}))"
n=0
for f in "${samples[@]}"; do
	path=$here/samples/$f
	n=$((n + 1))
	rc=0
	"$dump" --verify "$path" >"$tmp/out" 2>"$tmp/err" || rc=$?
	if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]; then
		echo "ok $n - $f read and verified without a diagnostic"
	else
		echo "not ok $n - $f read and verified with status $rc"
		sed 's/^/# /' "$tmp/err"
	fi
	n=$((n + 1))
	# the syntax the reader found (the CSV's second column) picks the XSD
	case $(awk -F , 'NR == 2 { print $2 }' "$tmp/out") in
	"UBL Invoice") xsd=$schemas/ubl-2.1/maindoc/UBL-Invoice-2.1.xsd ;;
	"UBL CreditNote") xsd=$schemas/ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd ;;
	CII) xsd=$schemas/cii-d16b/CII/uncefact/data/standard/CrossIndustryInvoice_100pD16B.xsd ;;
	*) xsd= ;;
	esac
	if [ -z "$xsd" ]; then
		echo "not ok $n - $f: not read as a UBL Invoice, CreditNote or CII document"
	elif ! command -v xmllint >/dev/null 2>&1; then
		echo "ok $n # SKIP $f not checked against its XSD: xmllint not installed (Debian package libxml2-utils)"
	elif [ ! -f "$xsd" ]; then
		echo "ok $n # SKIP $f not checked against its XSD: $xsd not found (the shared schemas)"
	elif xmllint --noout --nonet --schema "$xsd" "$path" >"$tmp/x" 2>&1; then
		echo "ok $n - $f validates against $(basename "$xsd")"
	else
		echo "not ok $n - $f does not validate against $(basename "$xsd")"
		sed 's/^/# /' "$tmp/x"
	fi
done
exit 0
