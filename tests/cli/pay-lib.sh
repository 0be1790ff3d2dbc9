# tests/cli/pay-lib.sh - helpers for the payment-run cases (cases/95x-99x)
# and the property test (tests/pay/property.sh). Sourced by bash after
# lib.sh; needs $CLERK and $top_srcdir.
#
# pay_books                   copies the payment fixture (fixtures/pay) here
# pay_run DATE [ARGS...]      clerk pay -q on books.journal, the file pay-DATE.xml,
#                             validated against pain.001.001.09.xsd (when xmllint
#                             and the schemas are there)
# schema_dir                  prints the ISO 20022 schema folder, or fails
# assert_xsd FILE XSD         xmllint --schema validates FILE against XSD
#                             (pain.001.001.09.xsd, ...); exit 77 (skip)
#                             without xmllint or ../shared/schemas
# ledger_totals BOOKS         `ledger bal` per account and commodity, in the
#                             form of clerk_totals (one ledger run per commodity)
# assert_ledger_agrees BOOKS  fails unless ledger gives clerk's totals; skips
#                             (77) without ledger
# assert_books_sound BOOKS    clerk check, hledger and ledger agree

pay_books() {
	cp -r "$top_srcdir/fixtures/pay/." .
}

pay_run() {
	local date=$1 dir
	shift
	"$CLERK" pay -q -f books.journal --date "$date" --out "pay-$date.xml" "$@"
	if [ -f "pay-$date.xml" ] && command -v xmllint >/dev/null 2>&1 && dir=$(schema_dir); then
		xmllint --noout --schema "$dir/pain.001.001.09.xsd" "pay-$date.xml" 2>&1 ||
			fail "pay-$date.xml does not validate"
	fi
}

schema_dir() {
	local d
	for d in "${SHARED:+$SHARED/schemas/iso20022}" "$top_srcdir/../shared/schemas/iso20022"; do
		[ -n "$d" ] && [ -d "$d" ] && { printf '%s\n' "$d"; return 0; }
	done
	return 1
}

assert_xsd() {
	local dir
	if ! command -v xmllint >/dev/null 2>&1 || ! dir=$(schema_dir); then
		echo "xmllint or ../shared/schemas missing: $1 not validated"
		exit 77
	fi
	xmllint --noout --schema "$dir/$2" "$1" 2>&1 || fail "$1 does not validate against $2"
}

ledger_totals() {
	local c esc
	LC_ALL=C.UTF-8 ledger --args-only -f "$1" commodities | sort -u |
		while IFS= read -r c; do
			esc=$(printf '%s' "$c" | sed 's/\\/\\\\/g; s/"/\\"/g')
			LC_ALL=C.UTF-8 ledger --args-only -f "$1" balance --flat --empty --no-total \
				--limit "commodity == \"$esc\"" \
				--balance-format '%(account)\t%(quantity(scrub(amount)))\n' |
				awk -F'\t' -v c="$c" '$2 != "0" { gsub(/,/, "", $2); print $1 "," c "," $2 }'
		done | LC_ALL=C sort
}

assert_ledger_agrees() {
	if ! command -v ledger >/dev/null 2>&1; then
		echo "ledger not installed"
		exit 77
	fi
	local c l
	# clerk prints the display precision; ledger drops trailing zeros
	c=$(clerk_totals "$1" | awk -F, -v OFS=, '{ if ($3 ~ /\./) { sub(/0+$/, "", $3); sub(/\.$/, "", $3) } if ($3 != "0") print }' | LC_ALL=C sort)
	l=$(ledger_totals "$1" | awk -F, -v OFS=, '{ if ($3 ~ /\./) { sub(/0+$/, "", $3); sub(/\.$/, "", $3) } print }' | LC_ALL=C sort)
	[ -n "$c" ] || fail "clerk balance -f $1 printed no rows" || return 1
	if [ "$c" != "$l" ]; then
		diff -u --label clerk --label ledger <(echo "$c") <(echo "$l")
		return 1
	fi
}

assert_books_sound() {
	"$CLERK" check -q -f "$1" || fail "clerk check fails on $1" || return 1
	assert_hledger_agrees "$1" || return 1
	assert_ledger_agrees "$1"
}
