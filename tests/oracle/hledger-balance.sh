#!/bin/sh
# tests/oracle/hledger-balance.sh - differential test of `clerk balance`
# against hledger 1.25 and ledger 3.3 (the oracles), and against totals
# worked out by hand.
#
# For every fixtures/journals/*.journal and fixtures/demo/books.journal:
#
#   clerk = hledger   `$CLERK balance -f F -O csv` against
#                     `hledger -f F bal --layout=bare -O csv -N`
#   clerk = ledger    the same against ledger's per-account balances, one
#                     ledger run per commodity (see ledger_rows below);
#                     skipped for a file whose header says
#                     `; oracle: no-ledger REASON`
#   clerk = expected  when fixtures/journals/expected/NAME.csv exists, clerk's
#                     CSV output must equal it byte for byte (those files are
#                     worked out by hand, so the test cannot pass merely
#                     because clerk and the oracles agree on garbage)
#
# Every output is normalised to "account TAB commodity TAB amount" lines with
# the amount a plain decimal (no quotes, no digit groups, '.' as decimal mark,
# no trailing fractional zeros), sorted, and compared exactly.
#
# Speaks TAP. Environment: CLERK, top_srcdir, top_builddir (exported by the
# Makefile); HLEDGER and LEDGER may name other binaries.

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/oracle/lib.sh
. "$top_srcdir/tests/oracle/lib.sh"
top_builddir=${top_builddir:-$top_srcdir}
CLERK=${CLERK:-$top_builddir/src/clerk}
HLEDGER=${HLEDGER:-hledger}
LEDGER=${LEDGER:-ledger}

if ! command -v "$HLEDGER" >/dev/null 2>&1; then
	echo "1..0 # SKIP hledger not installed"
	exit 0
fi
have_ledger=yes
command -v "$LEDGER" >/dev/null 2>&1 || have_ledger=no

if [ ! -x "$CLERK" ]; then
	echo "Bail out! clerk binary not found at $CLERK"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-oracle.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

# Sorting and comparing are bytewise; the tools themselves read UTF-8
# (hledger refuses non-ASCII input in the C locale).
LC_ALL=C
export LC_ALL
utf8_locale=C.UTF-8
if locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
	utf8_locale=$(locale -a | grep -i '^c\.utf-\?8$' | head -n 1)
fi

# The fixtures, in a stable order.
: >"$tmp/files"
for f in "$top_srcdir"/fixtures/journals/*.journal "$top_srcdir"/fixtures/demo/books.journal; do
	[ -f "$f" ] && printf '%s\n' "$f" >>"$tmp/files"
done

# A file whose first 20 lines hold "; oracle: no-ledger" is not given to ledger.
no_ledger() {
	head -n 20 "$1" | grep -q '^; oracle: no-ledger'
}

expected_for() {
	printf '%s/fixtures/journals/expected/%s.csv' "$top_srcdir" "$(basename "$1" .journal)"
}

# Plan: one hledger and one ledger comparison per file, plus one per
# hand-checked expected file.
n=0
while IFS= read -r f; do
	n=$((n + 2))
	[ -f "$(expected_for "$f")" ] && n=$((n + 1))
done <"$tmp/files"
if [ "$n" -eq 0 ]; then
	echo "1..0 # SKIP no fixtures found under $top_srcdir/fixtures"
	exit 0
fi
echo "1..$n"

# normalise MODE < input > output
#   MODE csv:    a CSV report with a header line, columns account,commodity,amount
#   MODE ledger: lines "commodity TAB account TAB quantity" (see ledger_rows);
#                zero rows are dropped (ledger --empty prints parent accounts)
normalise() {
	awk -v mode="$1" "$oracle_awk_lib"'
	mode == "csv" && NR == 1 { next }
	mode == "csv" {
		sub(/\r$/, "")
		if (csv_split($0, f) != 3) { print "MALFORMED\t" $0; next }
		print f[1] "\t" f[2] "\t" canon(f[3])
	}
	mode == "ledger" {
		n = split($0, f, "\t")
		if (n != 3) { print "MALFORMED\t" $0; next }
		v = canon(f[3])
		if (v != "0") print f[2] "\t" f[1] "\t" v
	}
	' | sort
}

# ledger_rows FILE: "commodity TAB account TAB quantity" for every account and
# commodity. ledger prints a multi-commodity balance on several lines and
# quantity() refuses one, so ledger runs once per commodity with a posting
# filter; `amount` (not `total`) is the account's own balance, as in
# hledger's flat report, and --empty keeps an account whose own balance is
# not zero while its subtree's is (ledger would hide it).
ledger_rows() {
	{
		printf '\n' # the null commodity (bare numbers), listed only when used
		LC_ALL=$utf8_locale "$LEDGER" --args-only -f "$1" commodities || return 1
	} >"$tmp/ledger-list" 2>"$tmp/ledger.err" || return 1
	sort -u "$tmp/ledger-list" >"$tmp/ledger-commodities"
	while IFS= read -r c; do
		esc=$(printf '%s' "$c" | sed 's/\\/\\\\/g; s/"/\\"/g')
		name=$(printf '%s' "$c" | sed 's/^"\(.*\)"$/\1/')
		LC_ALL=$utf8_locale "$LEDGER" --args-only -f "$1" balance --flat --empty --no-total \
			--limit "commodity == \"$esc\"" \
			--balance-format '%(account)\t%(quantity(scrub(amount)))\n' \
			>"$tmp/ledger-one" 2>>"$tmp/ledger.err" || return 1
		COMMODITY=$name awk '{ print ENVIRON["COMMODITY"] "\t" $0 }' "$tmp/ledger-one"
	done <"$tmp/ledger-commodities"
}

# diag FILE: the file's lines as TAP diagnostics
diag() {
	sed 's/^/# /' "$1"
}

# compare K NAME WANT HAVE: ok/not ok, with a diff on failure
compare() {
	if [ ! -s "$3" ]; then
		echo "not ok $1 - $2"
		echo "# no rows at all (an empty report would compare equal vacuously)"
	elif diff -u "$3" "$4" >"$tmp/diff" 2>&1; then
		echo "ok $1 - $2"
	else
		echo "not ok $1 - $2"
		diag "$tmp/diff"
	fi
}

k=0
while IFS= read -r f; do
	rel=${f#"$top_srcdir"/}
	clerk_ok=yes
	if "$CLERK" balance -f "$f" -O csv >"$tmp/clerk.csv" 2>"$tmp/clerk.err"; then
		normalise csv <"$tmp/clerk.csv" >"$tmp/clerk.norm"
	else
		clerk_ok=no
	fi

	# clerk = hledger
	k=$((k + 1))
	if [ "$clerk_ok" = no ]; then
		echo "not ok $k - clerk = hledger: $rel"
		echo "# clerk balance failed:"
		diag "$tmp/clerk.err"
	elif ! LC_ALL=$utf8_locale "$HLEDGER" -f "$f" balance --layout=bare -O csv -N >"$tmp/hledger.csv" 2>"$tmp/hledger.err"; then
		echo "not ok $k - clerk = hledger: $rel"
		echo "# hledger failed:"
		diag "$tmp/hledger.err"
	else
		normalise csv <"$tmp/hledger.csv" >"$tmp/hledger.norm"
		compare "$k" "clerk = hledger: $rel" "$tmp/hledger.norm" "$tmp/clerk.norm"
	fi

	# clerk = ledger
	k=$((k + 1))
	if [ "$have_ledger" = no ]; then
		echo "ok $k - clerk = ledger: $rel # SKIP ledger not installed"
	elif no_ledger "$f"; then
		echo "ok $k - clerk = ledger: $rel # SKIP $(head -n 20 "$f" | sed -n 's/^; oracle: no-ledger *//p' | head -n 1)"
	elif [ "$clerk_ok" = no ]; then
		echo "not ok $k - clerk = ledger: $rel"
		echo "# clerk balance failed"
	elif ! ledger_rows "$f" >"$tmp/ledger.tsv"; then
		echo "not ok $k - clerk = ledger: $rel"
		echo "# ledger failed:"
		diag "$tmp/ledger.err"
	else
		normalise ledger <"$tmp/ledger.tsv" >"$tmp/ledger.norm"
		compare "$k" "clerk = ledger: $rel" "$tmp/ledger.norm" "$tmp/clerk.norm"
	fi

	# clerk = expected (worked out by hand)
	exp=$(expected_for "$f")
	if [ -f "$exp" ]; then
		k=$((k + 1))
		if [ "$clerk_ok" = no ]; then
			echo "not ok $k - clerk = expected: $rel"
			echo "# clerk balance failed"
		else
			compare "$k" "clerk = expected: $rel" "$exp" "$tmp/clerk.csv"
		fi
	fi
done <"$tmp/files"
exit 0
