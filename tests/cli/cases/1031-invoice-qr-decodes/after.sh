command -v rsvg-convert >/dev/null || { echo "rsvg-convert is not installed (librsvg2-bin): the QR codes were not decoded" >&2; exit 77; }
command -v zbarimg >/dev/null || { echo "zbarimg is not installed (zbar-tools): the QR codes were not decoded" >&2; exit 77; }
qr() { # the payload of the QR code in page $1
	sed -n 's|.*<figure class="qr">\(<svg.*</svg>\).*|\1|p' "$1" >qr.svg
	[ -s qr.svg ] || { echo "no QR code in $1"; return 1; }
	rsvg-convert -o qr.png qr.svg && zbarimg -q --raw qr.png 2>/dev/null | head -c -1
}
expect() { # page, payload lines
	local page=$1
	shift
	printf '%s\n' "$@" | head -c -1 >want
	qr "$page" >got || fail "$page: cannot decode its QR code" || return 1
	cmp -s want got || { diff -u want got; fail "$page: the QR code says something else"; }
}
expect invoices/INV-2026-0094.html BCD 002 1 SCT COBADEFFXXX 'Lumen & Letter Studio GmbH' DE89370400440532013000 EUR1224.12 '' RF4220260094 || exit 1
expect invoices/INV-2026-0095.html BCD 002 1 SCT COBADEFFXXX 'Lumen & Letter Studio GmbH' DE89370400440532013000 EUR246.93 '' RF1520260095 || exit 1
expect invoices/INV-2026-0096.html BCD 002 1 SCT COBADEFFXXX 'Lumen & Letter Studio GmbH' DE89370400440532013000 EUR1920.00 '' RF8520260096 || exit 1
# no code for the USD invoice (EPC069-12 is for euros) nor for the credit note (nothing to pay)
! grep -q '<figure class="qr">' invoices/INV-2026-0097.html || fail "a QR code on the USD invoice"
! grep -q '<figure class="qr">' invoices/CN-2026-0001.html || fail "a QR code on the credit note"
