#!/bin/bash
# tests/einvoice/corpus.sh - the e-invoice reader against the shared corpus
# of public EN 16931 invoices (../shared/einvoice-corpus, never copied into
# the project) (TAP).
#
# 1. Every file in files/ is read by tests/einvoice/einvoice-dump with status
#    0, and its row agrees with catalog.csv's: syntax, type, id, currency,
#    tax_currency, lines, BT106 .. BT115 as written (a leading '+' and
#    leading zeros aside: 1436.5 is not 1436.50), the VAT breakdown
#    (category@rate, rates compared as numbers), seller_vat, buyer, iban,
#    debit_iban and due (YYYYMMDD read as YYYY-MM-DD); and einvoice_verify()
#    finds no error in it (warnings are shown as comments).
# 2. Every file in files-invalid/ gets what invalid-expect.txt says: refused
#    with errors naming its rules, or (a line's arithmetic in a document that
#    is not Peppol BIS) read with warnings naming them.
#
# Environment: top_srcdir, top_builddir (set by `make check`). SHARED
# overrides the location of the shared folder ($top_srcdir/../shared).
# Without the corpus the whole script is skipped, loudly.
set -u

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
shared=${SHARED:-$top_srcdir/../shared}
corpus=$shared/einvoice-corpus
dump=$top_builddir/tests/einvoice/einvoice-dump
export LC_ALL=C TZ=UTC

if [ ! -d "$corpus/files" ] || [ ! -f "$corpus/catalog.csv" ]; then
	echo "1..0 # SKIP shared e-invoice corpus not found at $corpus (files/ and catalog.csv): THE CORPUS TESTS DID NOT RUN"
	echo "WARNING: shared e-invoice corpus not found at $corpus: the corpus tests did not run" >&2
	exit 0
fi
if [ ! -x "$dump" ]; then
	echo "1..0 # SKIP test driver not built: $dump"
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-einvoice-corpus.XXXXXX")
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

# compare EXPECTED.tsv ACTUAL.tsv (a header and one row each): prints the differences
compare_row() {
	awk -F '\t' '
	function amount(v) {
		# as written, but for a leading + and leading zeros of the integer part
		sub(/^\+/, "", v); neg = v ~ /^-/; sub(/^-/, "", v)
		while (v ~ /^0[0-9]/) v = substr(v, 2)
		return (neg ? "-" : "") v
	}
	function num(v) {
		if (v !~ /^[-+]?[0-9]*\.?[0-9]*$/ || v == "") return v
		neg = v ~ /^-/; sub(/^[-+]/, "", v)
		if (v ~ /\./) { sub(/0+$/, "", v); sub(/\.$/, "", v) }
		sub(/^0+/, "", v)
		if (v == "" || v ~ /^\./) v = "0" v
		return (neg && v != "0" ? "-" : "") v
	}
	function vat(v,   n, i, t, out, p) {
		n = split(v, t, " "); out = ""
		for (i = 1; i <= n; i++) {
			p = index(t[i], "@")
			out = out (i > 1 ? " " : "") (p ? substr(t[i], 1, p) num(substr(t[i], p + 1)) : t[i])
		}
		return out
	}
	function date(v) {
		if (v ~ /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/)
			return substr(v, 1, 4) "-" substr(v, 5, 2) "-" substr(v, 7, 2)
		return v
	}
	FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; if (NR == 1) expf = FILENAME; else actf = FILENAME; next }
	FILENAME == expf { for (i = 1; i <= NF; i++) e[i] = $i; ne = NF; next }
	{ for (i = 1; i <= NF; i++) a[i] = $i }
	END {
		split("syntax type id currency tax_currency lines BT106 BT107 BT108 BT109 BT110 BT112 BT113 BT114 BT115 vat seller_vat buyer iban debit_iban due", names, " ")
		bad = 0
		for (k = 1; k in names; k++) {
			n = names[k]; ce = col[expf, n]; ca = col[actf, n]
			if (!ce || !ca) { printf "column %s missing\n", n; bad = 1; continue }
			x = e[ce]; y = a[ca]
			if (n ~ /^BT/) { x = amount(x); y = amount(y) }
			else if (n == "vat") { x = vat(x); y = vat(y) }
			else if (n == "due") { x = date(x); y = date(y) }
			if (x != y) { printf "%s: catalog \"%s\", read \"%s\"\n", n, e[ce], a[ca]; bad = 1 }
		}
		exit bad
	}' "$1" "$2"
}

csv_to_tsv <"$corpus/catalog.csv" >"$tmp/catalog.tsv"
head -n 1 "$tmp/catalog.tsv" >"$tmp/header.tsv"

files=()
while IFS= read -r f; do
	files+=("$f")
done < <(cd "$corpus/files" && LC_ALL=C ls -1)

invalid=()
if [ -d "$corpus/files-invalid" ]; then
	while IFS= read -r f; do
		invalid+=("$f")
	done < <(cd "$corpus/files-invalid" && LC_ALL=C ls -1 | grep '\.xml$')
fi
expect=$here/invalid-expect.txt

echo "1..$((${#files[@]} + ${#invalid[@]}))"
n=0
agree=0
for f in "${files[@]}"; do
	n=$((n + 1))
	rc=0
	"$dump" --verify "$corpus/files/$f" >"$tmp/out.csv" 2>"$tmp/err" || rc=$?
	awk -F '\t' -v f="$f" 'NR > 1 && $1 == f' "$tmp/catalog.tsv" >"$tmp/exp-row.tsv"
	if [ ! -s "$tmp/exp-row.tsv" ]; then
		echo "not ok $n - $f has no row in catalog.csv"
		continue
	fi
	if [ "$rc" -ne 0 ] || grep -q ': error: ' "$tmp/err"; then
		echo "not ok $n - $f: read and verified with status $rc"
		sed 's/^/# /' "$tmp/err"
		continue
	fi
	cat "$tmp/header.tsv" "$tmp/exp-row.tsv" >"$tmp/exp.tsv"
	csv_to_tsv <"$tmp/out.csv" >"$tmp/act.tsv"
	if compare_row "$tmp/exp.tsv" "$tmp/act.tsv" >"$tmp/diff" &&
		[ "$(awk -F '\t' 'NR == 2 { print $NF }' "$tmp/act.tsv")" = 0 ]; then
		warnings=$(grep -c ': warning: ' "$tmp/err")
		if [ "$warnings" -gt 0 ]; then
			plural=s
			[ "$warnings" -eq 1 ] && plural=
			echo "ok $n - $f (no error; $warnings warning$plural)"
			grep ': warning: ' "$tmp/err" | sed 's/^/# /'
		else
			echo "ok $n - $f"
		fi
		agree=$((agree + 1))
	else
		echo "not ok $n - $f"
		sed 's/^/# /' "$tmp/diff"
	fi
done
echo "# $agree of ${#files[@]} corpus files read as catalog.csv says and verified with no error"

# ---------------------------------------------------------------- invalid
for f in "${invalid[@]}"; do
	n=$((n + 1))
	line=$(awk -F '\t' -v f="$f" '$1 == f' "$expect" 2>/dev/null)
	if [ -z "$line" ]; then
		echo "not ok $n - files-invalid/$f has no line in invalid-expect.txt"
		continue
	fi
	verdict=$(printf '%s\n' "$line" | cut -f 2)
	rules=$(printf '%s\n' "$line" | cut -f 3)
	rc=0
	"$dump" --verify "$corpus/files-invalid/$f" >"$tmp/out.csv" 2>"$tmp/err" || rc=$?
	level=error
	want_rc=1
	if [ "$verdict" = warned ]; then
		level=warning
		want_rc=0
	fi
	missing=
	for rule in $rules; do
		grep -q ": $level: $rule: " "$tmp/err" || missing="$missing $rule"
	done
	if [ "$rc" -eq "$want_rc" ] && [ -z "$missing" ] &&
		{ [ "$verdict" = refused ] || ! grep -q ': error: ' "$tmp/err"; }; then
		echo "ok $n - files-invalid/$f $verdict: $rules"
	else
		echo "not ok $n - files-invalid/$f must be $verdict naming $rules (status $rc, missing:${missing:- none})"
		sed 's/^/# /' "$tmp/err"
	fi
done
exit 0
