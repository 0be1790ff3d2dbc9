#!/usr/bin/env bash
# run-camt.sh - benchmark `clerk camt --summary -O csv` against xmllint --stream.
#
# Usage: tests/bench/run-camt.sh [CLERK_BINARY] [SIZES...]
#
#   CLERK_BINARY  path to the clerk executable; default: src/clerk under the
#                 current (build) directory, else under the repository root.
#                 If the first argument is a plain number it is taken as a
#                 size and the default binary is used.
#   SIZES         statement sizes in entries (Ntry); default: 1000 100000 1000000
#
# For each size a deterministic camt.053.001.08 statement is generated with
# gen-camt.c (built on demand) into the scratch directory and reused on later
# runs. Both tools read the same file with their output sent to /dev/null;
# wall time and peak resident set size come from GNU time
# (`/usr/bin/time -f '%e %M'`; Debian package `time`). `xmllint --stream
# --noout` is the floor: libxml2's own streaming reader walking every node,
# which clerk's reader is built on.
#
# Environment:
#   BENCH_DIR    scratch directory (default ${TMPDIR:-/tmp}/clerk-bench)
#   BENCH_SEED   generator seed (default 1)
#   BENCH_RUNS   runs per tool and size; the fastest time and the largest peak
#                RSS are reported (default 1)
#   XMLLINT      xmllint command (default xmllint)
#   TIME_BIN     GNU time (default /usr/bin/time)
#   CC, CFLAGS   compiler for gen-camt (default cc, -O2)
#
# Columns: size in entries, file_MB (MiB), time_s (GNU time %e, 10 ms
# resolution) and peak_MB (max RSS in MiB) per tool, x_xmllint = clerk time /
# xmllint time (goal: at most 1.5), and check: clerk's summary row says the
# generated statement has N entries and is balanced (ok), or not (FAIL).
# "fail" means the tool exited non-zero (its stderr is kept in the scratch
# directory).

set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
gen_src="$script_dir/gen-camt.c"

die() {
    printf 'run-camt.sh: %s\n' "$*" >&2
    exit 1
}

note() {
    printf '%s\n' "$*" >&2
}

is_uint() {
    [[ $1 =~ ^[0-9]+$ ]]
}

clerk=""
if [[ $# -gt 0 ]]; then
    case $1 in
    -h | --help)
        sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
        exit 0
        ;;
    esac
    if ! is_uint "$1"; then
        clerk=$1
        shift
    fi
fi
if [[ -z $clerk ]]; then
    for cand in "$PWD/src/clerk" "$repo_root/src/clerk"; do
        if [[ -x $cand && ! -d $cand ]]; then
            clerk=$cand
            break
        fi
    done
fi
[[ -n $clerk && -x $clerk ]] || die "clerk binary not found (give its path as the first argument)"
[[ $clerk == */* ]] && clerk=$(cd "$(dirname "$clerk")" && pwd)/$(basename "$clerk")

if [[ $# -gt 0 ]]; then
    sizes=("$@")
else
    sizes=(1000 100000 1000000)
fi
for n in "${sizes[@]}"; do
    is_uint "$n" || die "size is not a non-negative integer: $n"
done

bench_dir=${BENCH_DIR:-${TMPDIR:-/tmp}/clerk-bench}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-1}
xmllint_cmd=${XMLLINT:-xmllint}
time_bin=${TIME_BIN:-/usr/bin/time}
cc=${CC:-cc}
cflags=${CFLAGS:--O2}

is_uint "$seed" || die "BENCH_SEED is not a non-negative integer: $seed"
if ! is_uint "$runs" || [[ $runs -lt 1 ]]; then
    die "BENCH_RUNS must be an integer >= 1: $runs"
fi
"$time_bin" -f '%e %M' true >/dev/null 2>&1 ||
    die "GNU time not found at $time_bin (Debian/Ubuntu: apt-get install time)"
command -v "$xmllint_cmd" >/dev/null 2>&1 ||
    die "$xmllint_cmd not found (Debian/Ubuntu: apt-get install libxml2-utils)"

mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)

gen_bin="$bench_dir/gen-camt"
if [[ ! -x $gen_bin || $gen_src -nt $gen_bin ]]; then
    note "building $gen_bin"
    # shellcheck disable=SC2086 # CFLAGS is a list of words
    "$cc" $cflags -std=c11 -Wall -Wextra -o "$gen_bin.tmp" "$gen_src" ||
        die "cannot compile $gen_src"
    mv -f "$gen_bin.tmp" "$gen_bin"
fi
gen_sum=$(cksum <"$gen_src" | awk '{print $1}')

statement_for() { # N -> path (generated if missing)
    local n=$1 f old
    f="$bench_dir/camt053-$n-s$seed-g$gen_sum.xml"
    if [[ ! -s $f ]]; then
        for old in "$bench_dir/camt053-$n-s$seed-g"*.xml; do
            [[ -e $old ]] && rm -f "$old"
        done
        note "generating $n entries -> $f"
        "$gen_bin" "$n" "$seed" >"$f.tmp" || die "gen-camt $n failed"
        mv -f "$f.tmp" "$f"
    fi
    printf '%s\n' "$f"
}

# measure LABEL N -- CMD...: sets m_time and m_rss (MiB), or both to "fail"
m_time=""
m_rss=""
measure() {
    local label=$1 n=$2 i tf ef rc line t k best_t="" best_k=0
    shift 3
    tf="$bench_dir/time-$label-$n.txt"
    ef="$bench_dir/stderr-$label-$n.txt"
    for ((i = 0; i < runs; i++)); do
        rc=0
        "$time_bin" -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$ef" || rc=$?
        if [[ $rc -ne 0 ]]; then
            note "$label failed on $n entries (exit $rc); stderr in $ef:"
            head -n 5 "$ef" >&2 || true
            m_time=fail
            m_rss=fail
            return 0
        fi
        line=$(tail -n 1 "$tf")
        t=${line%% *}
        k=${line##* }
        if [[ -z $best_t ]] || awk -v a="$t" -v b="$best_t" 'BEGIN{exit !(a<b)}'; then
            best_t=$t
        fi
        if ((k > best_k)); then
            best_k=$k
        fi
    done
    rm -f "$ef"
    m_time=$best_t
    m_rss=$(awk -v k="$best_k" 'BEGIN{printf "%.1f", k/1024}')
}

ratio() {
    awk -v a="$1" -v b="$2" -v fmt="$3" 'BEGIN{
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || a+0 <= 0 || b+0 <= 0) { print "n/a"; exit }
        printf fmt "\n", a/b
    }'
}

echo "# clerk camt benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') cores," \
    "$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM"
echo "# clerk:   $clerk"
echo "# xmllint: $("$xmllint_cmd" --version 2>&1 | head -n 1)"
echo "# seed $seed, best of $runs run(s), scratch $bench_dir"
echo

fmt='%9s %8s | %7s %8s | %7s %8s | %9s | %s\n'
# shellcheck disable=SC2059 # fmt is a format string on purpose
{
    printf "$fmt" "" "" "xmllint" "" "clerk" "" "" ""
    printf "$fmt" size file_MB time_s peak_MB time_s peak_MB x_xmllint check
} | sed 's/ *$//'

for n in "${sizes[@]}"; do
    f=$(statement_for "$n")
    mb=$(awk -v b="$(wc -c <"$f")" 'BEGIN{printf "%.1f", b/1048576}')
    cat "$f" >/dev/null # warm the page cache

    note "size $n: xmllint --stream --noout"
    measure xmllint "$n" -- "$xmllint_cmd" --stream --noout "$f"
    x_t=$m_time x_m=$m_rss

    note "size $n: clerk camt --summary -O csv"
    measure clerk "$n" -- "$clerk" camt --summary -O csv "$f"
    c_t=$m_time c_m=$m_rss

    check=FAIL
    if [[ $c_t != fail ]] &&
        "$clerk" camt --summary -O csv "$f" 2>/dev/null |
        awk -F, -v n="$n" 'NR == 2 && $10 == n && $13 == "yes" { ok = 1 } END { exit !ok }'; then
        check=ok
    fi

    # shellcheck disable=SC2059
    printf "$fmt" "$n" "$mb" "$x_t" "$x_m" "$c_t" "$c_m" "$(ratio "$c_t" "$x_t" '%.2fx')" "$check"
done
