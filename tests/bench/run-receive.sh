#!/usr/bin/env bash
# run-receive.sh - benchmark `clerk receive` on many e-invoices in one call,
# beside the time libxml2 alone takes to read them (`xmllint --stream`).
#
# Usage: tests/bench/run-receive.sh [CLERK_BINARY] [SIZES...]
#
#   CLERK_BINARY  path to the clerk executable; default: src/clerk under the
#                 current (build) directory, else under the repository root
#                 (a first argument that is a plain number is a size)
#   SIZES         numbers of documents; default: 1000 10000
#
# gen-einvoice.c (built on demand) writes, per size, the books (200 vendors)
# and the documents: half UBL 2.1 Invoice, half CII, 2 to 6 lines, 5 to 13
# KB each, about 2 % credit notes, 1 % with a new IBAN (held), 1 % repeating
# a number with another amount (a duplicate). They are reused by later runs.
# Then, with the page cache warm:
#
#   xmllint --stream --noout DOC...          libxml2's streaming reader over
#                                             every document, in one process
#   clerk receive -f books.journal -q --report decisions.csv DOC...
#                                             on a fresh copy of the books: read,
#                                             verify, decide, check and commit
#
# Wall time and peak resident memory come from GNU time (`/usr/bin/time -f
# '%e %U %S %M'`). Columns: docs, MB (all documents), per tool the wall time,
# the CPU time (user + system: less disturbed by other work on a shared
# machine) and the peak MB, x_xmllint = clerk's wall time / xmllint's (goal: at
# most 2), x_cpu the same for CPU time, per_doc_ms
# (clerk), posted (rows of the decisions table decided `posted`), text_MB (the
# committed file, which the command holds in memory), and check: `ok` when
# no document was refused and the books check after the commit.
#
# Environment: BENCH_DIR (default ${TMPDIR:-/tmp}/clerk-bench), BENCH_SEED (1),
# BENCH_RUNS (runs per tool and size; fastest time, largest peak; default 1),
# XMLLINT (xmllint), TIME_BIN (/usr/bin/time), CC (cc).
set -euo pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
die() {
	printf 'run-receive.sh: %s\n' "$*" >&2
	exit 1
}
note() { printf '%s\n' "$*" >&2; }

clerk=""
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+$ ]]; then
	clerk=$1
	shift
fi
if [[ -z $clerk ]]; then
	for c in "$PWD/src/clerk" "$repo_root/build/src/clerk" "$repo_root/src/clerk"; do
		[[ -x $c && ! -d $c ]] && clerk=$c && break
	done
fi
[[ -n $clerk && -x $clerk ]] || die "no clerk binary; give its path"
clerk=$(cd "$(dirname "$clerk")" && pwd)/$(basename "$clerk")
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(1000 10000)
bench_dir=${BENCH_DIR:-${TMPDIR:-/tmp}/clerk-bench}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-1}
xmllint_cmd=${XMLLINT:-xmllint}
time_bin=${TIME_BIN:-/usr/bin/time}
"$time_bin" -f '%e %M' true >/dev/null 2>&1 || die "GNU time not found at $time_bin (Debian: apt-get install time)"
command -v "$xmllint_cmd" >/dev/null || die "$xmllint_cmd not found (Debian: apt-get install libxml2-utils)"
mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)

gen_src="$script_dir/gen-einvoice.c"
gen_bin="$bench_dir/gen-einvoice"
if [[ ! -x $gen_bin || $gen_src -nt $gen_bin ]]; then
	note "building $gen_bin"
	"${CC:-cc}" -O2 -std=c11 -Wall -Wextra -o "$gen_bin.tmp" "$gen_src" || die "cannot compile $gen_src"
	mv -f "$gen_bin.tmp" "$gen_bin"
fi
gen_sum=$(cksum <"$gen_src" | awk '{print $1}')

# measure LABEL -- CMD...: m_time (wall s), m_cpu (user + system s), m_rss (MiB), the
# best time and the largest peak of $runs runs; exit status 0 or 5 is success
measure() {
	local label=$1 i rc line t c k best_t="" best_c="" best_k=0
	shift 2
	for ((i = 0; i < runs; i++)); do
		[[ -n ${before_each:-} ]] && eval "$before_each"
		rc=0
		"$time_bin" -f '%e %U %S %M' -o "$bench_dir/time.txt" "$@" >/dev/null 2>"$bench_dir/stderr-$label.txt" || rc=$?
		if [[ $rc -ne 0 && $rc -ne 5 ]]; then
			note "$label failed (exit $rc):"
			head -n 5 "$bench_dir/stderr-$label.txt" >&2
			m_time=fail m_cpu=fail m_rss=fail
			return 0
		fi
		line=$(tail -n 1 "$bench_dir/time.txt")
		read -r t u sy k <<<"$line"
		c=$(awk -v u="$u" -v s="$sy" 'BEGIN{printf "%.2f", u + s}')
		if [[ -z $best_t ]] || awk -v a="$t" -v b="$best_t" 'BEGIN{exit !(a<b)}'; then best_t=$t; fi
		if [[ -z $best_c ]] || awk -v a="$c" -v b="$best_c" 'BEGIN{exit !(a<b)}'; then best_c=$c; fi
		((k > best_k)) && best_k=$k
	done
	m_time=$best_t
	m_cpu=$best_c
	m_rss=$(awk -v k="$best_k" 'BEGIN{printf "%.1f", k/1024}')
}

echo "# clerk receive benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') cores," \
	"$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM"
echo "# clerk:   $clerk"
echo "# xmllint: $("$xmllint_cmd" --version 2>&1 | head -n 1)"
echo "# seed $seed, best of $runs run(s), scratch $bench_dir"
echo
fmt='%7s %7s | %6s %6s %7s | %7s %6s %8s | %9s %7s %10s %7s %7s | %s\n'
# shellcheck disable=SC2059
printf "$fmt" docs MB xml_s xml_cpu xml_MB clerk_s cpu_s clerk_MB x_xmllint x_cpu per_doc_ms posted text_MB check

for n in "${sizes[@]}"; do
	[[ $n =~ ^[0-9]+$ ]] || die "size is not a number: $n"
	g="$bench_dir/receive-$n-s$seed-g$gen_sum"
	if [[ ! -s $g/books.journal ]]; then
		rm -rf "$bench_dir/receive-$n-s$seed-g"* && note "generating $n documents -> $g"
		"$gen_bin" "$n" "$g.tmp" "$seed" && mv "$g.tmp" "$g"
	fi
	mapfile -t docs < <(cd "$g" && ls docs)
	mb=$(cat "$g"/docs/*.xml | wc -c | awk '{printf "%.1f", $1 / 1048576}')
	cat "$g"/docs/*.xml >/dev/null # warm the page cache

	note "$n documents: xmllint --stream --noout"
	before_each=""
	measure xmllint -- sh -c 'cd "$1/docs" && shift && exec "$@"' sh "$g" "$xmllint_cmd" --stream --noout "${docs[@]}"
	x_t=$m_time x_c=$m_cpu x_m=$m_rss

	note "$n documents: clerk receive"
	w="$bench_dir/receive-work-$n"
	before_each='rm -rf "$w" && mkdir -p "$w" && cp "$g/books.journal" "$w/" && ln -s "$g/docs" "$w/docs"'
	measure clerk -- sh -c 'cd "$1" && shift && exec "$@"' sh "$w" "$clerk" receive -f books.journal -q \
		--report decisions.csv "${docs[@]/#/docs/}"
	c_t=$m_time c_c=$m_cpu c_m=$m_rss
	before_each=""

	posted=$(awk -F, 'NR > 1 && $14 == "posted"' "$w/decisions.csv" | wc -l)
	refused=$(awk -F, 'NR > 1 && $14 == "refused"' "$w/decisions.csv" | wc -l)
	text_mb=$(cat "$w"/posted/*-receive-*.journal | wc -c | awk '{printf "%.1f", $1 / 1048576}')
	check=FAIL
	if [[ $c_t != fail && $refused -eq 0 ]] && "$clerk" check -q -f "$w/books.journal" >/dev/null 2>&1; then
		check=ok
	fi
	ratio=$(awk -v a="$c_t" -v b="$x_t" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf "%.2fx", a/b; else print "n/a" }')
	cratio=$(awk -v a="$c_c" -v b="$x_c" 'BEGIN{ if (a+0 > 0 && b+0 > 0) printf "%.2fx", a/b; else print "n/a" }')
	per=$(awk -v a="$c_t" -v n="$n" 'BEGIN{ if (a+0 > 0) printf "%.3f", a * 1000 / n; else print "n/a" }')
	# shellcheck disable=SC2059
	printf "$fmt" "$n" "$mb" "$x_t" "$x_c" "$x_m" "$c_t" "$c_c" "$c_m" "$ratio" "$cratio" "$per" "$posted" \
		"$text_mb" "$check"
done
