#!/bin/bash
# tests/cli/report-chromium.sh - renders `clerk report` pages in headless
# Chromium and checks that the figures on the page equal the CSV reports
# (TAP).
#
# For the demo books (fixtures/demo) as they are, and for a copy with the
# week of statements in fixtures/demo/inbox imported (when the inbox is
# there), on 2026-11-28 and on 2026-11-24, and for a copy after the night
# of 2026-11-28 (`clerk run`) on that date:
#   - the page has no script element and refers to nothing outside itself
#     (no src=/href= but "#..." fragments);
#   - `chromium --headless --dump-dom` loads it, the DOM has the SVG charts
#     (rect elements) and no script element; --screenshot writes a PNG that
#     is not tiny;
#   - the figures read from the DOM equal those of the CSV reports for the
#     same date: per currency the receivables and payables totals
#     (ar-total-CUR, ap-total-CUR: sum of the `total` column of
#     `clerk aging [--payables] -O csv`), their overdue parts (ar-overdue-CUR,
#     ap-overdue-CUR: the days_* columns) and every column of the aging
#     tables' total rows (the buckets, credits and total); the cash per bank
#     account and the suspense balance per suspense account (and their
#     totals per currency) from `clerk balance -O csv --end DATE+1`, the
#     accounts' roles from `clerk accounts -O csv`. Zero figures are left
#     out on both sides (the CSV leaves out zero balances).
#   - the number of postings the last import matched (import-total) equals
#     the count of posting lines tagged match: on party and suspense accounts
#     in the import transactions (statement-kind:) up to DATE of the newest
#     posted/*-import-* or *-run-* file holding one (formats/report.md).
# Sums are exact: amounts become integers in millionths as strings, no
# floating point rounding at these sizes.
# Skips when no chromium binary is found (chromium, chromium-browser,
# chromium-headless-shell). Environment: CLERK, top_srcdir (as run-cases.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CLERK=${CLERK:-$top_builddir/src/clerk}
export CLERK top_srcdir top_builddir LC_ALL=C TZ=UTC
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

demo=$top_srcdir/fixtures/demo
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-report.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home
mkdir -p "$HOME"

n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1))
	echo "not ok $n - $1"
	shift
	for l in "$@"; do echo "# $l"; done
}
check() { if eval "$2"; then ok "$1"; else notok "$1" "command: $2"; fi; }

# the scenarios: NAME DATE, each with its books in $tmp/NAME
scenarios=("demo 2026-11-28" "demo 2026-11-24")
cp -r "$demo" "$tmp/demo"
if [ -d "$demo/inbox" ] && ls "$demo"/inbox/*.xml >/dev/null 2>&1; then
	cp -r "$demo" "$tmp/week"
	(cd "$tmp/week" && for f in inbox/*.xml; do "$CLERK" import -q -f books.journal "$f" || exit 1; done) \
		>"$tmp/week-import.out" 2>&1
	scenarios+=("week 2026-11-28" "week 2026-11-24")
	cp -r "$demo" "$tmp/night"
	(cd "$tmp/night" && "$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28;
	 [ $? -eq 5 ]) >"$tmp/night-run.out" 2>&1
	scenarios+=("night 2026-11-28")
fi
per=8
echo "1..$((${#scenarios[@]} * per))"

chrome() {
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-extensions --user-data-dir="$tmp/profile" "$@" 2>>"$tmp/chromium.err"
}

# The figures in the DOM: one "KEY VALUE-IN-MILLIONTHS" line each, sorted,
# zeros left out. KEY is the id of the key figures (ar-total-EUR),
# "cash|ACCOUNT|CUR" and "suspense|ACCOUNT|CUR" for the per-account cells
# and "ar-col-K|CUR" / "ap-col-K|CUR" for column K of an aging total row.
dom_figures() {
	awk '
	function units(s,    neg, ip, fp, k, r) {
		neg = substr(s, 1, 1) == "-"
		if (neg) s = substr(s, 2)
		k = index(s, ".")
		if (k) { ip = substr(s, 1, k - 1); fp = substr(s, k + 1) } else { ip = s; fp = "" }
		while (length(fp) < 6) fp = fp "0"
		r = (ip + 0) * 1000000 + (fp + 0)
		return sprintf("%.0f", neg ? -r : r)
	}
	function attr(tag, name,    k, rest) {
		k = index(tag, " " name "=\"")
		if (!k) return ""
		rest = substr(tag, k + length(name) + 3)
		rest = substr(rest, 1, index(rest, "\"") - 1)
		gsub(/&quot;/, "\"", rest); gsub(/&lt;/, "<", rest); gsub(/&gt;/, ">", rest)
		gsub(/&#39;/, "\047", rest); gsub(/&amp;/, "\\&", rest)
		return rest
	}
	function out(key, v) { if (v != "0") print key " " v }
	/<section id="aging-receivables"/ { sec = "ar" }
	/<section id="aging-payables"/ { sec = "ap" }
	/<\/section>/ { sec = "" }
	sec != "" && /<tr class="total">/ {
		line = $0
		# the currency is the second cell
		k = index(line, "</td><td>"); cur = substr(line, k + 9)
		cur = substr(cur, 1, index(cur, "<") - 1)
		col = 0
		while ((k = index(line, "data-value=\"")) > 0) {
			line = substr(line, k + 12)
			col++
			out(sec "-col-" col "|" cur, units(substr(line, 1, index(line, "\"") - 1)))
		}
	}
	{
		line = $0
		while ((k = index(line, "<td ")) > 0) {
			line = substr(line, k)
			tag = substr(line, 1, index(line, ">"))
			line = substr(line, length(tag) + 1)
			fig = attr(tag, "data-figure")
			if (fig == "") continue
			v = units(attr(tag, "data-value"))
			id = attr(tag, "id")
			if (fig == "cash" || fig == "suspense")
				out(fig "|" attr(tag, "data-account") "|" attr(tag, "data-currency"), v)
			else if (id ~ /^(ar|ap|cash|suspense)-(total|overdue)-/ || id == "import-total")
				out(id, v)
		}
	}' "$1" | LC_ALL=C sort
}

# The same figures from the CSV reports of the books in $1 on date $2.
csv_figures() {
	csv_figures_unsorted "$@" | LC_ALL=C sort
	return "${PIPESTATUS[0]}"
}
csv_figures_unsorted() {
	local dir=$1 d=$2 next
	next=$(date -u -d "$d + 1 day" +%F)
	(cd "$dir" && "$CLERK" aging -f books.journal --date "$d" -O csv) >"$tmp/ar.csv" || return 1
	(cd "$dir" && "$CLERK" aging -f books.journal --date "$d" --payables -O csv) >"$tmp/ap.csv" || return 1
	(cd "$dir" && "$CLERK" balance -f books.journal --end "$next" -O csv) >"$tmp/bal.csv" || return 1
	(cd "$dir" && "$CLERK" accounts -f books.journal -O csv) >"$tmp/acc.csv" || return 1
	awk '
	function splitcsv(line, f,    n, i, c, q, cur) {
		n = 0; cur = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c == "\"" && substr(line, i + 1, 1) == "\"") { cur = cur c; i++ }
				else if (c == "\"") q = 0
				else cur = cur c
			} else if (c == "\"") q = 1
			else if (c == ",") { f[++n] = cur; cur = "" }
			else cur = cur c
		}
		f[++n] = cur
		return n
	}
	function units(s,    neg, ip, fp, k) {
		neg = substr(s, 1, 1) == "-"
		if (neg) s = substr(s, 2)
		k = index(s, ".")
		if (k) { ip = substr(s, 1, k - 1); fp = substr(s, k + 1) } else { ip = s; fp = "" }
		while (length(fp) < 6) fp = fp "0"
		return (neg ? -1 : 1) * ((ip + 0) * 1000000 + (fp + 0))
	}
	function add(key, v) { sum[key] += v; seen[key] = 1 }
	FNR == 1 {
		file++
		if (file <= 2) {
			nh = splitcsv($0, h)
			for (i = 1; i <= nh; i++) {
				if (h[i] == "not_due") first = i
				if (h[i] == "total") last = i
			}
		}
		next
	}
	file <= 2 {
		side = file == 1 ? "ar" : "ap"
		splitcsv($0, f)
		cur = f[3]
		for (i = first; i <= last; i++) {
			add(side "-col-" (i - first + 1) "|" cur, units(f[i]))
			if (h[i] ~ /^days_/) add(side "-overdue-" cur, units(f[i]))
		}
		add(side "-total-" cur, units(f[last]))
		next
	}
	file == 3 { splitcsv($0, f); bal[f[1]] = bal[f[1]] SUBSEP f[2] SUBSEP f[3]; next }
	file == 4 {
		splitcsv($0, f)
		if (f[4] != "bank" && f[4] != "suspense") next
		n = split(bal[f[1]], b, SUBSEP)
		for (i = 2; i + 1 <= n; i += 2) {
			add(f[4] "|" f[1] "|" b[i], units(b[i + 1]))
			add((f[4] == "bank" ? "cash" : "suspense") "-total-" b[i], units(b[i + 1]))
		}
	}
	END {
		for (k in seen) {
			key = k
			sub(/^bank\|/, "cash|", key)
			if (sum[k] != 0) printf "%s %.0f\n", key, sum[k]
		}
	}' "$tmp/ar.csv" "$tmp/ap.csv" "$tmp/bal.csv" "$tmp/acc.csv"
	import_total "$dir" "$d"
}

# The postings with a match: tag on receivable, payable or suspense accounts
# in the import transactions (a statement-kind: tag) dated up to $2 of the
# newest posted import or run file with such a transaction (read from the
# journal text itself), in millionths as above.
import_total() {
	local f best=
	for f in $(ls "$1"/posted/*-import-*.journal "$1"/posted/*-run-*.journal 2>/dev/null | LC_ALL=C sort); do
		if awk -v d="$2" '/^[0-9][0-9][0-9][0-9]-/ && substr($0, 1, 10) <= d && /statement-kind: / { found = 1 }
			END { exit !found }' "$f"; then
			best=$f
		fi
	done
	[ -n "$best" ] || return 0
	awk -v d="$2" '
	FNR == NR {
		n = split($0, f, ",")
		if (f[4] == "receivable" || f[4] == "payable" || f[4] == "suspense") party[f[1]] = 1
		next
	}
	/^[0-9][0-9][0-9][0-9]-/ { on = substr($0, 1, 10) <= d && /statement-kind: /; next }
	on && /^[ \t]+[^ \t;]/ && /[;,] *match: / {
		acct = $0
		sub(/^[ \t]+/, "", acct)
		sub(/(  |\t).*/, "", acct)
		if (acct in party) count++
	}
	END { if (count) printf "import-total %.0f\n", count * 1000000 }' "$tmp/acc.csv" "$best"
}

for s in "${scenarios[@]}"; do
	set -- $s
	name=$1 d=$2
	w=$tmp/$name
	page=$w/report-$d.html
	t="$name books on $d"
	(cd "$w" && "$CLERK" report -f books.journal --date "$d" -O html) >"$page" 2>"$tmp/report.err"
	check "$t: clerk report exits 0" "[ $? -eq 0 ] && [ -s '$page' ]"
	check "$t: the page has no script and refers to nothing outside itself" \
		"! grep -qi '<script' '$page' && ! grep -Eqi '(src|href)=\"[^#]' '$page' && ! grep -qi '@import\\|url(' '$page'"
	chrome --dump-dom "file://$page" >"$w/dom-$d.html"
	check "$t: chromium loads the page (--dump-dom)" "grep -q '</html>' '$w/dom-$d.html'"
	check "$t: the DOM has the SVG bar charts" \
		"[ \"\$(grep -o '<svg[^>]*>' '$w/dom-$d.html' | wc -l)\" -ge 2 ] && grep -q '<rect[^>]*class=\"bar\"' '$w/dom-$d.html'"
	check "$t: the DOM has no script element" "! grep -qi '<script' '$w/dom-$d.html'"
	rm -f "$w/shot-$d.png"
	chrome --hide-scrollbars --window-size=1200,2400 --screenshot="$w/shot-$d.png" "file://$page" >/dev/null
	check "$t: --screenshot writes a PNG that is not tiny" \
		"[ -f '$w/shot-$d.png' ] && [ \"\$(stat -c %s '$w/shot-$d.png')\" -gt 20000 ] && [ \"\$(head -c 4 '$w/shot-$d.png' | tail -c 3)\" = PNG ]"
	dom_figures "$w/dom-$d.html" >"$w/page-$d.figures"
	csv_figures "$w" "$d" >"$w/csv-$d.figures"
	check "$t: the figures compared are there (AR, AP, cash, aging columns)" \
		"grep -q '^ar-total-' '$w/page-$d.figures' && grep -q '^ap-total-' '$w/page-$d.figures' && grep -q '^cash|' '$w/page-$d.figures' && grep -q '^ar-col-' '$w/page-$d.figures'"
	if cmp -s "$w/page-$d.figures" "$w/csv-$d.figures"; then
		ok "$t: the figures on the page equal the CSV reports ($(wc -l <"$w/page-$d.figures") figures)"
	else
		diffout=$(diff -u --label page --label csv "$w/page-$d.figures" "$w/csv-$d.figures")
		notok "$t: the figures on the page equal the CSV reports" "${diffout//$'\n'/$'\n'# }"
	fi
done
exit 0
