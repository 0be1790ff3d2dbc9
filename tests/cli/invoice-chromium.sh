#!/bin/bash
# tests/cli/invoice-chromium.sh - the printable pages of `clerk invoice`
# (NUMBER.html) in headless Chromium (TAP).
#
# For the demo company's December billing (fixtures/demo/billing/2026-12.csv),
# in English and again with Alster Cafe reading German and Moorbrauerei
# Latvian (lang: de and lv on their accounts, as case 1121: INV-2026-0094
# in German, INV-2026-0095 and CN-2026-0001 in Latvian), every page:
#   - has no script element and refers to nothing outside itself (no src=,
#     href=, url( or @import);
#   - loads in `chromium --headless --dump-dom` with its title heading (and,
#     translated, its language on <html> and its heading in that language), and,
#     on the EUR invoices, the QR code's SVG;
#   - prints (--print-to-pdf, A4) as exactly one page.
# Skips when no chromium binary is found. Environment: CLERK, top_srcdir.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CLERK=${CLERK:-$top_builddir/src/clerk}
export LC_ALL=C TZ=UTC
unset CLERK_BOOKS CLERK_FAULT

if [ ! -x "$CLERK" ]; then
	echo "1..0 # SKIP clerk binary not found: $CLERK"
	exit 0
fi
browser=
for b in chromium chromium-browser chromium-headless-shell; do
	if command -v "$b" >/dev/null 2>&1; then
		browser=$(command -v "$b")
		break
	fi
done
if [ -z "$browser" ]; then
	echo "1..1"
	echo "ok 1 # SKIP no chromium, chromium-browser or chromium-headless-shell found"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-invoice-html.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home
mkdir -p "$HOME"
cp -r "$top_srcdir/fixtures/demo" "$tmp/demo"
(cd "$tmp/demo" && "$CLERK" invoice -q -f books.journal billing/2026-12.csv) >"$tmp/invoice.out" 2>&1 || {
	echo "1..1"
	echo "not ok 1 - clerk invoice on the demo billing"
	sed 's/^/# /' "$tmp/invoice.out"
	exit 0
}
# the same billing with two customers in German and Latvian
cp -r "$top_srcdir/fixtures/demo" "$tmp/i18n"
sed -i '/^account Assets:Receivable:Alster Cafe$/a\    ; lang: de' "$tmp/i18n/books.journal"
sed -i '/^account Assets:Receivable:Moorbrauerei$/a\    ; lang: lv' "$tmp/i18n/books.journal"
(cd "$tmp/i18n" && "$CLERK" invoice -q -f books.journal billing/2026-12.csv) >"$tmp/invoice.out" 2>&1 || {
	echo "1..1"
	echo "not ok 1 - clerk invoice on the demo billing in German and Latvian"
	sed 's/^/# /' "$tmp/invoice.out"
	exit 0
}
pages=("$tmp"/demo/invoices/*.html "$tmp"/i18n/invoices/INV-2026-0094.html
	"$tmp"/i18n/invoices/INV-2026-0095.html "$tmp"/i18n/invoices/CN-2026-0001.html)
# the language and heading a translated page must have (the English pages: lang="en")
heading() {
	case $1 in
	i18n/INV-2026-0094) echo 'de Rechnung' ;;
	i18n/INV-2026-0095) echo 'lv Rēķins' ;;
	i18n/CN-2026-0001) echo 'lv Kredītrēķins' ;;
	*/CN-*) echo 'en Credit note' ;;
	*) echo 'en Invoice' ;;
	esac
}
echo "1..$((${#pages[@]} * 3))"
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1))
	echo "not ok $n - $1"
}
chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-extensions --user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chromium.err"
}
for p in "${pages[@]}"; do
	number=$(basename "$p" .html)
	name=$(basename "$(dirname "$(dirname "$p")")")/$number
	if grep -qi '<script\|src=\|href=\|url(\|@import' "$p"; then
		notok "$name: refers to nothing outside itself"
	else
		ok "$name: refers to nothing outside itself"
	fi
	chrome --dump-dom "file://$p" >"$tmp/${name//\//-}.dom"
	want_qr=false
	case $number in INV-2026-0094 | INV-2026-0095 | INV-2026-0096) want_qr=true ;; esac
	read -r lang title < <(heading "$name")
	if grep -q "<html lang=\"$lang\"" "$tmp/${name//\//-}.dom" && grep -q "<h1>$title $number</h1>" "$tmp/${name//\//-}.dom" &&
		{ ! $want_qr || grep -q '<figure class="qr"><svg' "$tmp/${name//\//-}.dom"; }; then
		ok "$name: loads with its heading in '$lang'$($want_qr && echo ' and QR code')"
	else
		notok "$name: loads with its heading '$title $number' in '$lang'"
	fi
	chrome --print-to-pdf="$tmp/${name//\//-}.pdf" --no-pdf-header-footer "file://$p" >/dev/null
	# the page tree's /Count (Chromium writes one /Pages object)
	np=$(grep -ao '/Count [0-9]*' "$tmp/${name//\//-}.pdf" 2>/dev/null | head -n 1 | cut -d' ' -f2)
	if [ "${np:-0}" = 1 ]; then
		ok "$name: prints as one page"
	else
		notok "$name: prints as one page (${np:-no PDF})"
	fi
done
