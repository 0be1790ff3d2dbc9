#!/bin/bash
# tests/cli/invoice-chromium.sh - the printable pages of `clerk invoice`
# (NUMBER.html) in headless Chromium (TAP).
#
# For the demo company's December billing (fixtures/demo/billing/2026-12.csv),
# every page:
#   - has no script element and refers to nothing outside itself (no src=,
#     href=, url( or @import);
#   - loads in `chromium --headless --dump-dom` with its title heading, and,
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
pages=("$tmp"/demo/invoices/*.html)
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
	name=$(basename "$p" .html)
	if grep -qi '<script\|src=\|href=\|url(\|@import' "$p"; then
		notok "$name: refers to nothing outside itself"
	else
		ok "$name: refers to nothing outside itself"
	fi
	chrome --dump-dom "file://$p" >"$tmp/$name.dom"
	want_qr=false
	case $name in INV-2026-0094 | INV-2026-0095 | INV-2026-0096) want_qr=true ;; esac
	if grep -q "<h1>[A-Za-z ]* $name</h1>" "$tmp/$name.dom" &&
		{ ! $want_qr || grep -q '<figure class="qr"><svg' "$tmp/$name.dom"; }; then
		ok "$name: loads with its heading$($want_qr && echo ' and QR code')"
	else
		notok "$name: loads with its heading"
	fi
	chrome --print-to-pdf="$tmp/$name.pdf" --no-pdf-header-footer "file://$p" >/dev/null
	# the page tree's /Count (Chromium writes one /Pages object)
	np=$(grep -ao '/Count [0-9]*' "$tmp/$name.pdf" 2>/dev/null | head -n 1 | cut -d' ' -f2)
	if [ "${np:-0}" = 1 ]; then
		ok "$name: prints as one page"
	else
		notok "$name: prints as one page (${np:-no PDF})"
	fi
done
