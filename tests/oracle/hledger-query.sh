#!/bin/sh
# tests/oracle/hledger-query.sh - differential test of clerk's queries
# against hledger 1.25 (formats/reports.md):
#
#   clerk balance -f F ARGS -O csv   = hledger -f F bal ARGS --layout=bare -O csv -N
#   clerk register -f F PAT -O csv   = hledger -f F reg PAT -O csv (date, account,
#                                      amount and commodity of every row, in order)
#   clerk bs / clerk is -O csv totals = hledger bs / is totals
#
# for ARGS in a list of account patterns and depths, on every
# fixtures/journals/*.journal, the demo books and a generated journal
# (tests/bench/gen-journal.c, built here with cc). A pattern that matches no
# account must be refused by clerk ("no account matches") and give hledger
# an empty report.
#
# Speaks TAP. Environment: CLERK, top_srcdir, top_builddir; HLEDGER, CC.

set -u

top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
# shellcheck source=tests/oracle/lib.sh
. "$top_srcdir/tests/oracle/lib.sh"
top_builddir=${top_builddir:-$top_srcdir}
CLERK=${CLERK:-$top_builddir/src/clerk}
HLEDGER=${HLEDGER:-hledger}
CC=${CC:-cc}

if ! command -v "$HLEDGER" >/dev/null 2>&1; then
	echo "1..0 # SKIP hledger not installed"
	exit 0
fi
if [ ! -x "$CLERK" ]; then
	echo "Bail out! clerk binary not found at $CLERK"
	exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-query.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
LC_ALL=C
export LC_ALL
# clerk bs and is default to today (docs/dates.md); hledger's count every
# transaction: a today after any journal's last transaction makes them alike
export CLERK_TODAY=2999-12-31
utf8_locale=C.UTF-8

: >"$tmp/files"
for f in "$top_srcdir"/fixtures/journals/*.journal "$top_srcdir"/fixtures/demo/books.journal; do
	[ -f "$f" ] && printf '%s\n' "$f" >>"$tmp/files"
done
if "$CC" -O2 -std=c11 -o "$tmp/gen-journal" "$top_srcdir/tests/bench/gen-journal.c" 2>/dev/null; then
	"$tmp/gen-journal" 1000 17 >"$tmp/generated.journal" && printf '%s\n' "$tmp/generated.journal" >>"$tmp/files"
fi

# The balance queries: one per line, the arguments after the books.
cat >"$tmp/queries" <<'QUERIES'
--depth 1
--depth 2
assets
EXP|inc
bank --depth 2
^(assets|liabilities):
checking savings
nomatchatall
QUERIES
# The register patterns.
cat >"$tmp/regs" <<'REGS'
bank
EXPENSES:
REGS

nf=$(wc -l <"$tmp/files")
nq=$(wc -l <"$tmp/queries")
nr=$(wc -l <"$tmp/regs")
echo "1..$((nf * (nq + nr + 2)))"

normalise() {
	awk -v mode="$1" "$oracle_awk_lib"'
	mode != "ledger" && NR == 1 { next }
	# registers: "date TAB account TAB commodity TAB amount", in order
	# statements: the "Net:" rows, "commodity TAB amount"
	mode == "net-clerk" {
		csv_split($0, f)
		if (f[1] == "net" && canon(f[4]) != "0") print f[3] "\t" canon(f[4])
	}
	mode == "net-hledger" {
		csv_split($0, f)
		if (f[1] == "Net:" && canon(f[3]) != "0") print f[2] "\t" canon(f[3])
	}
	mode == "reg-clerk" {
		csv_split($0, f)
		v = canon(f[6])
		print f[1] "\t" f[4] "\t" (v == "0" ? "" : f[5]) "\t" v
	}
	mode == "reg-hledger" {
		csv_split($0, f)
		a = f[6]; sym = a; num = a
		gsub(/[-+0-9.,[:space:]]/, "", sym)
		gsub(/[^-0-9.,]/, "", num)
		if (a ~ /^0$/) sym = ""
		print f[2] "\t" f[5] "\t" sym "\t" canon(num)
	}
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
	' | if [ "${1#reg}" = "$1" ]; then sort; else cat; fi
}


compare() {
	if diff -u "$3" "$4" >"$tmp/diff" 2>&1; then
		echo "ok $1 - $2"
	else
		echo "not ok $1 - $2"
		sed 's/^/# /' "$tmp/diff" | head -n 40
	fi
}

k=0
while IFS= read -r f; do
	rel=${f#"$top_srcdir"/}
	rel=${rel#"$tmp"/}
	while IFS= read -r q; do
		k=$((k + 1))
		# shellcheck disable=SC2086
		"$CLERK" balance -f "$f" $q -O csv >"$tmp/c.csv" 2>"$tmp/c.err"
		rc=$?
		# shellcheck disable=SC2086
		LC_ALL=$utf8_locale "$HLEDGER" -f "$f" bal $q --layout=bare -O csv -N >"$tmp/h.csv" 2>"$tmp/h.err" ||
			{ echo "not ok $k - $rel: hledger bal $q failed"; sed 's/^/# /' "$tmp/h.err"; continue; }
		normalise csv <"$tmp/h.csv" >"$tmp/h.rows"
		if [ "$rc" -eq 1 ] && grep -q "no account matches" "$tmp/c.err"; then
			: >"$tmp/c.rows"
		elif [ "$rc" -ne 0 ]; then
			echo "not ok $k - $rel: clerk balance $q exited $rc"
			sed 's/^/# /' "$tmp/c.err"
			continue
		else
			normalise csv <"$tmp/c.csv" >"$tmp/c.rows"
		fi
		compare "$k" "$rel: balance $q" "$tmp/h.rows" "$tmp/c.rows"
	done <"$tmp/queries"
	while IFS= read -r q; do
		k=$((k + 1))
		"$CLERK" register -f "$f" "$q" -O csv >"$tmp/c.csv" 2>"$tmp/c.err"
		rc=$?
		LC_ALL=$utf8_locale "$HLEDGER" -f "$f" reg "$q" -O csv >"$tmp/h.csv" 2>"$tmp/h.err"
		normalise reg-hledger <"$tmp/h.csv" >"$tmp/h.rows"
		if [ "$rc" -eq 1 ] && grep -q "no account matches" "$tmp/c.err"; then
			: >"$tmp/c.rows"
		else
			normalise reg-clerk <"$tmp/c.csv" >"$tmp/c.rows"
		fi
		compare "$k" "$rel: register $q" "$tmp/h.rows" "$tmp/c.rows"
	done <"$tmp/regs"
	for r in bs is; do
		k=$((k + 1))
		"$CLERK" "$r" -f "$f" -O csv >"$tmp/c.csv" 2>"$tmp/c.err"
		LC_ALL=$utf8_locale "$HLEDGER" -f "$f" "$r" -O csv --layout=bare >"$tmp/h.csv" 2>"$tmp/h.err"
		normalise net-hledger <"$tmp/h.csv" >"$tmp/h.rows"
		normalise net-clerk <"$tmp/c.csv" >"$tmp/c.rows"
		compare "$k" "$rel: $r net" "$tmp/h.rows" "$tmp/c.rows"
	done
done <"$tmp/files"
