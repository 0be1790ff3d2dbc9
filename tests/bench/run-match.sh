#!/usr/bin/env bash
# run-match.sh - benchmark `clerk import` (matching) against reading the same
# books and statement.
#
# Usage: tests/bench/run-match.sh [CLERK_BINARY] [SIZES...]
#
#   CLERK_BINARY  path to the clerk executable; default: build/src/clerk under
#                 the repository root, else src/clerk.  If the first argument
#                 looks like a size it is taken as one and the default binary
#                 is used.
#   SIZES         N_ITEMS:N_MOVEMENTS pairs (open items in the books : booked
#                 movements in the statement); default: 100000:10000 1000000:100000
#
# For each size, gen-match.c (built on demand) writes deterministic books (one
# invoice per open item, about 50 per customer) and one camt.053.001.02
# statement into the scratch directory; they are reused on later runs. Three
# commands are timed with GNU time (`/usr/bin/time -f '%e %M'`), page cache
# warm:
#
#   check   clerk check -f BOOKS                          (reading the books)
#   camt    clerk camt --summary -O csv STATEMENT         (reading the statement)
#   import  clerk import -f BOOKS --dry-run -O csv STATEMENT
#           (reading both, open items, matching, validating; writes nothing)
#
# x_read = import time / (check time + camt time). The goal of issue 4 is that
# matching adds less than the reading costs, i.e. x_read below 2.0, and that
# time grows linearly with the data. The decisions line counts the `decision`
# column of import's CSV; `mostly matched` means matched + partial are more
# than half the rows, otherwise the script fails. Any command that exits
# non-zero stops the script with its stderr (kept in the scratch directory).
#
# Environment:
#   BENCH_DIR    scratch directory (default /tmp/clerk-bench)
#   BENCH_SEED   generator seed (default 1)
#   BENCH_RUNS   runs per command and size; the fastest time and the largest
#                peak RSS are reported (default 1)
#   TIME_BIN     GNU time (default /usr/bin/time)
#   CC, CFLAGS   compiler for gen-match (default cc, -O2)
#
# Columns: time_s is wall-clock seconds (GNU time %e, 10 ms resolution),
# peak_MB maximum RSS in MiB; books_MB and stmt_MB are the file sizes in MiB.

set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
gen_src="$script_dir/gen-match.c"

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

die() {
    printf 'run-match.sh: %s\n' "$*" >&2
    exit 1
}

note() {
    printf '%s\n' "$*" >&2
}

is_uint() {
    [[ $1 =~ ^[0-9]+$ ]]
}

is_size() {
    [[ $1 =~ ^[0-9]+:[0-9]+$ ]]
}

# ---------------------------------------------------------------------------
# Arguments.

clerk=""
if [[ $# -gt 0 ]]; then
    case $1 in
    -h | --help)
        usage
        exit 0
        ;;
    esac
    if ! is_size "$1"; then
        clerk=$1
        shift
    fi
fi

if [[ -z $clerk ]]; then
    for cand in "$repo_root/build/src/clerk" "$repo_root/src/clerk"; do
        if [[ -x $cand && ! -d $cand ]]; then
            clerk=$cand
            break
        fi
    done
    [[ -n $clerk ]] || die "no clerk binary at $repo_root/build/src/clerk or $repo_root/src/clerk; give its path"
fi
if [[ $clerk == */* ]]; then
    [[ -x $clerk && ! -d $clerk ]] || die "not an executable: $clerk"
    clerk=$(cd "$(dirname "$clerk")" && pwd)/$(basename "$clerk")
else
    command -v "$clerk" >/dev/null 2>&1 || die "not found: $clerk"
fi

if [[ $# -gt 0 ]]; then
    sizes=("$@")
else
    sizes=(100000:10000 1000000:100000)
fi
for s in "${sizes[@]}"; do
    is_size "$s" || die "size is not N_ITEMS:N_MOVEMENTS: $s"
    [[ ${s%%:*} -ge 1 ]] || die "N_ITEMS must be at least 1: $s"
done

bench_dir=${BENCH_DIR:-/tmp/clerk-bench}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-1}
time_bin=${TIME_BIN:-/usr/bin/time}
cc=${CC:-cc}
cflags=${CFLAGS:--O2}

is_uint "$seed" || die "BENCH_SEED is not a non-negative integer: $seed"
if ! is_uint "$runs" || [[ $runs -lt 1 ]]; then
    die "BENCH_RUNS must be an integer >= 1: $runs"
fi
if ! "$time_bin" -f '%e %M' true >/dev/null 2>&1; then
    die "GNU time not found at $time_bin (Debian/Ubuntu: apt-get install time)"
fi

mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)

# ---------------------------------------------------------------------------
# Generator.

[[ -f $gen_src ]] || die "generator source not found: $gen_src"
gen_bin="$bench_dir/gen-match"
if [[ ! -x $gen_bin || $gen_src -nt $gen_bin ]]; then
    note "building $gen_bin"
    # shellcheck disable=SC2086 # CFLAGS is a list of words
    "$cc" $cflags -std=c11 -Wall -Wextra -o "$gen_bin.tmp" "$gen_src" ||
        die "cannot compile $gen_src"
    mv -f "$gen_bin.tmp" "$gen_bin"
fi
# Files are keyed by size, seed and a checksum of the generator source so that
# a changed generator never reuses stale files.
gen_sum=$(cksum <"$gen_src" | awk '{print $1}')

books="" stmt=""
files_for() { # ITEMS MOVS -> sets books and stmt (generated if missing)
    local i=$1 m=$2 stem old
    stem="$bench_dir/match-$i-$m-s$seed-g$gen_sum"
    books="$stem.journal"
    stmt="$stem.xml"
    if [[ ! -s $books || ! -s $stmt ]]; then
        for old in "$bench_dir/match-$i-$m-s$seed-g"*; do
            [[ -e $old ]] && rm -f "$old"
        done
        note "generating $i open items, $m movements -> $stem.{journal,xml}"
        "$gen_bin" "$books.tmp" "$stmt.tmp" "$i" "$m" "$seed" ||
            die "gen-match $i $m failed"
        mv -f "$books.tmp" "$books"
        mv -f "$stmt.tmp" "$stmt"
    fi
}

# ---------------------------------------------------------------------------
# Measurement.

# measure LABEL SIZE OUT -- CMD...: runs CMD (stdout to OUT) BENCH_RUNS times;
# sets m_time and m_rss (MiB). A failing command stops the script.
m_time=""
m_rss=""
measure() {
    local label=$1 size=$2 out=$3 i tf ef rc line t k best_t="" best_k=0
    shift 4
    tf="$bench_dir/time-$label-$size.txt"
    ef="$bench_dir/stderr-$label-$size.txt"
    for ((i = 0; i < runs; i++)); do
        rc=0
        "$time_bin" -f '%e %M' -o "$tf" "$@" >"$out" 2>"$ef" || rc=$?
        if [[ $rc -ne 0 ]]; then
            note "run-match.sh: $label FAILED on $size (exit $rc): $*"
            note "stderr (in $ef):"
            head -n 20 "$ef" >&2 || true
            exit 1
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

# decision_column FILE: the `decision` field of every row of a decisions CSV
# (header dropped; quoted fields with commas and "" allowed).
decision_column() {
    awk '
    function parse(line,   n, i, c, f, q) {
        n = 0; f = ""; q = 0
        for (i = 1; i <= length(line); i++) {
            c = substr(line, i, 1)
            if (q) {
                if (c == "\"") {
                    if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ }
                    else q = 0
                } else f = f c
            } else if (c == "\"") q = 1
            else if (c == ",") { fld[++n] = f; f = "" }
            else f = f c
        }
        fld[++n] = f
        return n
    }
    {
        sub(/\r$/, "")
        n = parse($0)
        if (NR == 1) {
            for (i = 1; i <= n; i++) if (fld[i] == "decision") col = i
            if (!col) { print "no decision column in the header" > "/dev/stderr"; exit 1 }
            next
        }
        print fld[col]
    }' "$1"
}

ratio() { # A B C: A/(B+C), or n/a
    awk -v a="$1" -v b="$2" -v c="$3" 'BEGIN{
        if (b + c <= 0) { print "n/a"; exit }
        printf "%.2fx\n", a / (b + c)
    }'
}

mib() {
    awk -v b="$(wc -c <"$1")" 'BEGIN{printf "%.1f", b/1048576}'
}

# ---------------------------------------------------------------------------
# Preamble.

echo "# clerk import (matching) benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') cores," \
    "$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM"
echo "# clerk: $clerk"
echo "# seed $seed, best of $runs run(s), scratch $bench_dir"
echo

fmt='%15s %8s %7s | %7s %8s | %7s %8s | %7s %8s | %7s\n'
summary=()
failed=0
# shellcheck disable=SC2059 # fmt is a format string on purpose
{
    printf "$fmt" "" "" "" "check" "" "camt" "" "import" "" ""
    printf "$fmt" items:movements books_MB stmt_MB time_s peak_MB time_s peak_MB \
        time_s peak_MB x_read
} | sed 's/ *$//'

# ---------------------------------------------------------------------------
# Main loop.

for s in "${sizes[@]}"; do
    items=${s%%:*}
    movs=${s##*:}
    files_for "$items" "$movs"
    cat "$books" "$stmt" >/dev/null # warm the page cache
    tag="$items-$movs"

    note "size $s: clerk check"
    measure check "$tag" /dev/null -- "$clerk" check -f "$books"
    check_t=$m_time check_m=$m_rss

    note "size $s: clerk camt --summary"
    measure camt "$tag" /dev/null -- "$clerk" camt --summary -O csv "$stmt"
    camt_t=$m_time camt_m=$m_rss

    note "size $s: clerk import --dry-run"
    csv="$bench_dir/decisions-$tag.csv"
    measure import "$tag" "$csv" -- "$clerk" import -f "$books" --dry-run -O csv "$stmt"
    import_t=$m_time import_m=$m_rss

    # shellcheck disable=SC2059
    printf "$fmt" "$s" "$(mib "$books")" "$(mib "$stmt")" "$check_t" "$check_m" \
        "$camt_t" "$camt_m" "$import_t" "$import_m" \
        "$(ratio "$import_t" "$check_t" "$camt_t")"

    decision_column "$csv" >"$csv.decisions" ||
        die "cannot read the decisions in $csv"
    rows=$(wc -l <"$csv.decisions")
    counts=$(sort "$csv.decisions" | uniq -c | sort -k1,1nr -k2 |
        awk '{printf "%s%s %s", (NR > 1 ? ", " : ""), $2, $1}')
    good=$(grep -c -x -e matched -e partial "$csv.decisions" || true)
    rm -f "$csv.decisions"
    verdict="rows $rows, mostly matched"
    if ((good * 2 <= rows)); then
        verdict="rows $rows, NOT mostly matched"
        failed=1
    fi
    summary+=("$s decisions: $counts ($verdict)")
done

echo
for line in "${summary[@]}"; do
    printf '%s\n' "$line"
done
if [[ $failed -ne 0 ]]; then
    die "import did not mostly match (fewer than half the rows matched or partial)"
fi
