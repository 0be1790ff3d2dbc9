#!/usr/bin/env bash
# run-pay.sh - benchmark the payment run (`clerk pay`) beside `clerk open
# --payables` on the same books.
#
# Usage: tests/bench/run-pay.sh [CLERK_BINARY] [SIZES...]
#
#   CLERK_BINARY  path to the clerk executable; default: src/clerk under the
#                 current (build) directory, else build/src/clerk or src/clerk
#                 under the repository root.  A first argument that is a plain
#                 number is taken as a size.
#   SIZES         open bills in the books; default: 100000
#
# The books are gen-pay.c's (built on demand): N bills of N/50 vendors over
# the 400 days up to 2026-12-01, most of them due by then, some held or
# disputed, one credit note per vendor. Commands, each with its output sent
# to a file, page cache warm, timed with GNU time (`/usr/bin/time -f '%e %M'`):
#
#   open     clerk open -f BOOKS --payables             (the open bills, text)
#   propose  clerk pay -f BOOKS --date 2026-12-01 --dry-run -O csv
#            (the proposal: every bill's decision; writes nothing)
#   run      clerk pay -f BOOKS --date 2026-12-01 --out pay.xml -q
#            (the whole run: decide, post the run atomically, load the books
#            with it and check them, write the pain.001 rebuilt from them),
#            on a fresh copy of the books each time (the copy is not timed)
#
# x_open = command time / open time. The run's file is validated against
# ../shared/schemas/iso20022/pain.001.001.09.xsd when xmllint and the schema
# are there, and its transfers are counted.
#
# Environment: BENCH_DIR (scratch, default ${TMPDIR:-/tmp}/clerk-bench),
# BENCH_SEED (default 1), BENCH_RUNS (runs per command: the fastest time and
# the largest peak are reported, default 1), TIME_BIN (default
# /usr/bin/time), CC and CFLAGS for gen-pay (default cc, -O2).

set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
gen_src="$script_dir/gen-pay.c"

die() {
    printf 'run-pay.sh: %s\n' "$*" >&2
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
    for cand in "$PWD/src/clerk" "$repo_root/build/src/clerk" "$repo_root/src/clerk"; do
        if [[ -x $cand && ! -d $cand ]]; then
            clerk=$cand
            break
        fi
    done
    [[ -n $clerk ]] || die "no clerk binary found (build it, or give its path)"
fi
[[ -x $clerk ]] || die "not an executable: $clerk"
clerk=$(cd "$(dirname "$clerk")" && pwd)/$(basename "$clerk")

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100000)
for n in "${sizes[@]}"; do
    is_uint "$n" && [[ $n -ge 1 && $n -le 9999999 ]] || die "size must be 1 to 9999999: $n"
done

bench_dir=${BENCH_DIR:-${TMPDIR:-/tmp}/clerk-bench}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-1}
time_bin=${TIME_BIN:-/usr/bin/time}
cc=${CC:-cc}
cflags=${CFLAGS:--O2}
is_uint "$seed" || die "BENCH_SEED is not a number: $seed"
is_uint "$runs" && [[ $runs -ge 1 ]] || die "BENCH_RUNS must be at least 1: $runs"
"$time_bin" -f '%e %M' true >/dev/null 2>&1 || die "GNU time not found at $time_bin"
mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)

gen_bin="$bench_dir/gen-pay"
if [[ ! -x $gen_bin || $gen_src -nt $gen_bin ]]; then
    note "building $gen_bin"
    # shellcheck disable=SC2086
    "$cc" $cflags -std=c11 -Wall -Wextra -o "$gen_bin.tmp" "$gen_src" || die "cannot compile $gen_src"
    mv -f "$gen_bin.tmp" "$gen_bin"
fi
gen_sum=$(cksum <"$gen_src" | awk '{print $1}')

books_for() { # N -> path
    local f="$bench_dir/pay-$1-s$seed-g$gen_sum.journal"
    if [[ ! -s $f ]]; then
        rm -f "$bench_dir/pay-$1-s$seed-g"*.journal
        note "generating $1 bills -> $f"
        "$gen_bin" "$f.tmp" "$1" "$seed" || die "gen-pay $1 failed"
        mv -f "$f.tmp" "$f"
    fi
    printf '%s\n' "$f"
}

# measure LABEL OUT SETUP -- CMD...: runs SETUP (untimed) then CMD (stdout to
# OUT) BENCH_RUNS times; sets m_time (fastest) and m_rss (MiB, largest).
m_time="" m_rss=""
measure() {
    local label=$1 out=$2 setup=$3 i t k best_t="" best_k=0 tf="$bench_dir/time-pay-$1.txt"
    shift 4
    for ((i = 0; i < runs; i++)); do
        [[ -z $setup ]] || eval "$setup"
        "$time_bin" -f '%e %M' -o "$tf" "$@" >"$out" 2>"$bench_dir/stderr-pay-$label.txt" ||
            die "$label failed: $* (stderr in $bench_dir/stderr-pay-$label.txt)"
        read -r t k < <(tail -n 1 "$tf")
        if [[ -z $best_t ]] || awk -v a="$t" -v b="$best_t" 'BEGIN{exit !(a<b)}'; then
            best_t=$t
        fi
        ((k > best_k)) && best_k=$k
    done
    m_time=$best_t
    m_rss=$(awk -v k="$best_k" 'BEGIN{printf "%.1f", k/1024}')
}

ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0 <= 0) print "n/a"; else printf "%.2fx", a / b }'
}

schema=""
for d in "${SHARED:+$SHARED/schemas/iso20022}" "$repo_root/../shared/schemas/iso20022"; do
    [[ -n $d && -f $d/pain.001.001.09.xsd ]] && schema=$d/pain.001.001.09.xsd && break
done

echo "# clerk pay benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') cores," \
    "$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM"
echo "# clerk: $clerk"
echo "# seed $seed, best of $runs run(s), scratch $bench_dir"
echo
fmt='%8s %8s | %7s %7s | %7s %7s %6s | %7s %7s %6s | %9s %8s\n'
# shellcheck disable=SC2059
{
    printf "$fmt" "" "" "open" "" "propose" "" "" "run" "" "" "" ""
    printf "$fmt" bills books_MB time_s peak_MB time_s peak_MB x_open time_s peak_MB x_open transfers file_MB
} | sed 's/ *$//'

for n in "${sizes[@]}"; do
    f=$(books_for "$n")
    cat "$f" >/dev/null
    work="$bench_dir/pay-run-$n"
    note "size $n: clerk open --payables"
    # as of the books' last transaction, as before open defaulted to today (docs/dates.md)
    last=$(grep -oE '^[0-9]{4}-[0-9]{2}-[0-9]{2}' "$f" | sort | tail -n 1)
    measure open "$bench_dir/open-$n.txt" "" -- "$clerk" open -f "$f" --payables --date "$last"
    open_t=$m_time open_m=$m_rss
    note "size $n: clerk pay --dry-run"
    measure propose "$bench_dir/proposal-$n.csv" "" -- "$clerk" pay -f "$f" --date 2026-12-01 --dry-run -O csv
    prop_t=$m_time prop_m=$m_rss
    note "size $n: clerk pay"
    measure run /dev/null "rm -rf '$work' && mkdir '$work' && cp '$f' '$work/books.journal'" -- \
        "$clerk" pay -q -f "$work/books.journal" --date 2026-12-01 --out "$work/pay.xml"
    run_t=$m_time run_m=$m_rss
    transfers=$(grep -c '<CdtTrfTxInf>' "$work/pay.xml")
    [[ -n $schema ]] && { xmllint --noout --schema "$schema" "$work/pay.xml" 2>/dev/null ||
        die "the pain.001 of $n bills does not validate"; }
    # shellcheck disable=SC2059
    printf "$fmt" "$n" "$(awk -v b="$(wc -c <"$f")" 'BEGIN{printf "%.1f", b/1048576}')" \
        "$open_t" "$open_m" "$prop_t" "$prop_m" "$(ratio "$prop_t" "$open_t")" \
        "$run_t" "$run_m" "$(ratio "$run_t" "$open_t")" "$transfers" \
        "$(awk -v b="$(wc -c <"$work/pay.xml")" 'BEGIN{printf "%.1f", b/1048576}')"
done
echo
echo "decisions of the proposal (${sizes[-1]} bills):"
tail -n +2 "$bench_dir/proposal-${sizes[-1]}.csv" | awk -F, '{ print $10 }' | sort | uniq -c |
    awk '{ printf "  %-14s %s\n", $2, $1 }'
[[ -n $schema ]] && echo "the pain.001 files validate against pain.001.001.09.xsd" ||
    echo "(xmllint or the schema missing: the files were not validated)"
