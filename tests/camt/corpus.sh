#!/bin/bash
# tests/camt/corpus.sh - `clerk camt` against the shared corpus of public
# camt files (../shared/camt-corpus, never copied into the project) (TAP).
#
# 1. Every file under files/ is read with `clerk camt --summary -O csv`.
#    A file listed in expected-summary.csv must be read with status 0 and give
#    the same statements in the same order; the columns of the expected file
#    (file,statement_id,account,currency,entries,credits,debits,opening,
#    closing,balanced) are compared by name, currency only where the expected
#    value is not empty, numbers numerically-exactly (1405.31 = 1405.310).
#    A file without expected rows holds no statement: it must be refused with
#    status 1 and a message saying why.
# 2. The facts that the source projects' own tests assert (CATALOG.md),
#    transcribed into catalog-facts.txt, hold for clerk's output.
#
# Environment: CLERK, top_srcdir (set by `make check`). CAMT_CORPUS
# overrides the corpus location ($top_srcdir/../shared/camt-corpus).
# Without the corpus the whole script is skipped, loudly.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
CLERK=${CLERK:-${top_builddir:-$top_srcdir}/src/clerk}
corpus=${CAMT_CORPUS:-$top_srcdir/../shared/camt-corpus}
facts=$here/catalog-facts.txt
export LC_ALL=C TZ=UTC

if [ ! -d "$corpus/files" ] || [ ! -f "$corpus/expected-summary.csv" ]; then
	echo "1..0 # SKIP shared camt corpus not found at $corpus (files/ and expected-summary.csv): THE CORPUS TESTS DID NOT RUN"
	echo "WARNING: shared camt corpus not found at $corpus: the corpus tests did not run" >&2
	exit 0
fi
if [ ! -x "$CLERK" ]; then
	echo "1..0 # SKIP clerk binary not found: $CLERK"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-camt-corpus.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# csv_to_tsv: RFC 4180 CSV (no newlines inside fields) to tab-separated fields
csv_to_tsv() {
	awk '
	{
		sub(/\r$/, "")
		out = ""; f = ""; q = 0; n = 0
		for (i = 1; i <= length($0); i++) {
			c = substr($0, i, 1)
			if (q) {
				if (c == "\"") {
					if (substr($0, i + 1, 1) == "\"") { f = f "\""; i++ }
					else q = 0
				} else f = f c
			} else if (c == "\"") q = 1
			else if (c == ",") { out = out (n++ ? "\t" : "") f; f = "" }
			else f = f c
		}
		print out (n ? "\t" : "") f
	}'
}

# compare EXPECTED.tsv ACTUAL.tsv: prints differences, exit status 1 when any
compare_summary() {
	awk -F '\t' '
	function norm(v) {
		if (v !~ /^[-+]?[0-9]*\.?[0-9]*$/ || v == "") return v
		neg = v ~ /^-/; sub(/^[-+]/, "", v)
		if (v ~ /\./) { sub(/0+$/, "", v); sub(/\.$/, "", v) }
		sub(/^0+/, "", v)
		if (v == "" || v ~ /^\./) v = "0" v
		return (neg && v != "0" ? "-" : "") v
	}
	FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; if (NR == 1) { expf = FILENAME; for (i = 1; i <= NF; i++) names[i] = $i; ncols = NF } else actf = FILENAME; next }
	FILENAME == expf { ne++; for (i = 1; i <= NF; i++) e[ne, names[i]] = $i; next }
	{ na++; for (k = 1; k <= ncols; k++) { c = col[actf, names[k]]; a[na, names[k]] = c ? $c : "(missing column)" } }
	END {
		bad = 0
		if (ne != na) { printf "statements: expected %d, got %d\n", ne, na; bad = 1 }
		num["entries"] = num["credits"] = num["debits"] = num["opening"] = num["closing"] = 1
		for (r = 1; r <= ne && r <= na; r++)
			for (k = 1; k <= ncols; k++) {
				n = names[k]; x = e[r, n]; y = a[r, n]
				if (n == "file") continue
				if (n == "currency" && x == "") continue
				if (n in num) { x = norm(x); y = norm(y) }
				if (x != y) { printf "statement %d: %s: expected \"%s\", got \"%s\"\n", r, n, e[r, n], a[r, n]; bad = 1 }
			}
		exit bad
	}' "$1" "$2"
}

csv_to_tsv <"$corpus/expected-summary.csv" >"$tmp/expected.tsv"
head -n 1 "$tmp/expected.tsv" >"$tmp/header.tsv"

files=()
while IFS= read -r f; do
	files+=("$f")
done < <(cd "$corpus/files" && LC_ALL=C ls -1)

nfacts=0
if [ -f "$facts" ]; then
	nfacts=$(grep -cv '^\(#.*\)\?$' "$facts")
fi
echo "1..$((${#files[@]} + nfacts))"

n=0
agree=0
for f in "${files[@]}"; do
	n=$((n + 1))
	path=$corpus/files/$f
	rc=0
	"$CLERK" camt --summary -O csv "$path" >"$tmp/out.csv" 2>"$tmp/err" || rc=$?
	awk -F '\t' -v f="$f" 'NR > 1 && $1 == f' "$tmp/expected.tsv" >"$tmp/exp-rows.tsv"
	if [ ! -s "$tmp/exp-rows.tsv" ]; then
		# no statement expected: must be refused with a clear message
		if [ "$rc" -eq 1 ] &&
			grep -Eq 'error: (unknown namespace|no statement|root element)' "$tmp/err" &&
			[ "$(wc -l <"$tmp/out.csv")" -eq 1 ]; then
			echo "ok $n - $f refused: $(head -n 1 "$tmp/err" | sed 's/^[^ ]* error: //')"
			agree=$((agree + 1))
		else
			echo "not ok $n - $f must be refused with status 1 and a message (status $rc)"
			sed 's/^/# /' "$tmp/err"
		fi
		continue
	fi
	if [ "$rc" -ne 0 ]; then
		echo "not ok $n - $f (status $rc)"
		sed 's/^/# /' "$tmp/err"
		continue
	fi
	cat "$tmp/header.tsv" "$tmp/exp-rows.tsv" >"$tmp/exp.tsv"
	csv_to_tsv <"$tmp/out.csv" >"$tmp/act.tsv"
	if compare_summary "$tmp/exp.tsv" "$tmp/act.tsv" >"$tmp/diff"; then
		rows=$(($(wc -l <"$tmp/exp-rows.tsv")))
		if [ "$rows" -eq 1 ]; then
			echo "ok $n - $f (1 statement agrees)"
		else
			echo "ok $n - $f ($rows statements agree)"
		fi
		agree=$((agree + 1))
	else
		echo "not ok $n - $f"
		sed 's/^/# /' "$tmp/diff"
	fi
done
echo "# $agree of ${#files[@]} corpus files agree with expected-summary.csv"

# ---------------------------------------------------------------- facts
# catalog-facts.txt: FILE<TAB>MODE<TAB>ROW<TAB>COLUMN<TAB>VALUE<TAB>SOURCE
# MODE summary|detail (clerk camt [--summary] -O csv FILE); ROW a 1-based data
# row, or "rows" (COLUMN "-") for the number of data rows; VALUE "(empty)"
# is the empty string; numbers compare numerically.
[ "$nfacts" -gt 0 ] || exit 0
while IFS=$'\t' read -r file mode row column value source; do
	case $file in '' | '#'*) continue ;; esac
	[ "$value" = "(empty)" ] && value=
	n=$((n + 1))
	opt=
	[ "$mode" = summary ] && opt=--summary
	rc=0
	# shellcheck disable=SC2086 # opt is empty or one word
	"$CLERK" camt $opt -O csv "$corpus/files/$file" >"$tmp/f.csv" 2>"$tmp/f.err" || rc=$?
	csv_to_tsv <"$tmp/f.csv" >"$tmp/f.tsv"
	got=$(awk -F '\t' -v row="$row" -v column="$column" '
		NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		{ rows++ }
		row != "rows" && rows == row { print (column in col) ? $(col[column]) : "(no column " column ")"; found = 1 }
		END { if (row == "rows") print rows + 0; else if (!found) print "(no row " row ")" }' "$tmp/f.tsv")
	ok=0
	if [ "$rc" -eq 0 ]; then
		if [ "$got" = "$value" ]; then
			ok=1
		elif [[ $value =~ ^-?[0-9]*\.?[0-9]+$ && $got =~ ^-?[0-9]*\.?[0-9]+$ ]] &&
			awk -v a="$got" -v b="$value" 'function n(v, neg) { neg = v ~ /^-/; sub(/^-/, "", v); if (v ~ /\./) { sub(/0+$/, "", v); sub(/\.$/, "", v) } sub(/^0+/, "", v); if (v == "" || v ~ /^\./) v = "0" v; return (neg && v != "0" ? "-" : "") v } BEGIN { exit !(n(a) == n(b)) }'; then
			ok=1
		fi
	fi
	desc="$file $mode row $row $column = $value ($source)"
	if [ "$ok" -eq 1 ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc: got \"$got\" (status $rc)"
		sed 's/^/# /' "$tmp/f.err"
	fi
done <"$facts"
exit 0
