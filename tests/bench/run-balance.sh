#!/usr/bin/env bash
# run-balance.sh - benchmark `clerk balance` against md5sum, ledger and hledger.
#
# Usage: tests/bench/run-balance.sh [CLERK_BINARY] [SIZES...]
#
#   CLERK_BINARY  path to the clerk executable; default: src/clerk under the
#                 current (build) directory, else src/clerk or clerk under the
#                 repository root.  If the first argument is a plain number it
#                 is taken as a size and the default binary is used.
#   SIZES         journal sizes in transactions; default: 10000 100000 1000000
#
# For each size a deterministic journal is generated with gen-journal.c (built
# on demand) into the scratch directory and reused on later runs.  Each tool
# reads the same file with its output sent to /dev/null, and its wall time and
# peak resident set size are taken from GNU time (`/usr/bin/time -f '%e %M'`;
# Debian package `time`).  md5sum of the file is the floor: the cost of
# reading the bytes once.
#
# Environment:
#   BENCH_DIR                 scratch directory (default ${TMPDIR:-/tmp}/clerk-bench)
#   BENCH_SEED                generator seed (default 1)
#   BENCH_RUNS                runs per tool and size; the fastest time and the
#                             largest peak RSS are reported (default 1)
#   BENCH_SKIP_HLEDGER_ABOVE  skip hledger above this many transactions
#                             (default 200000; hledger 1.25 needs >10 GB at 1M)
#   BENCH_SKIP_LEDGER_ABOVE   skip ledger above this many transactions
#                             (default: never skip)
#   LEDGER, HLEDGER, MD5SUM   commands to run (default: ledger, hledger, md5sum)
#   TIME_BIN                  GNU time (default /usr/bin/time)
#   CC, CFLAGS                compiler for gen-journal (default cc, -O2)
#
# Columns: time_s is wall-clock seconds (GNU time %e, 10 ms resolution),
# peak_MB is maximum RSS in MiB (GNU time %M / 1024).  "n/a" means the tool is
# not installed (or a ratio has no defined value), "skip" that it was skipped
# for this size, "fail" that it exited non-zero (its stderr is kept in the
# scratch directory).  Ratios: speedup = ledger time / clerk time;
# x_md5 = clerk time / md5sum time; mem_frac = clerk peak RSS / ledger peak RSS.
# totals compares `clerk balance -O csv` with `hledger bal --layout=bare -O csv`
# (same/different/n/a); it needs clerk to succeed and hledger to be run.

set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
gen_src="$script_dir/gen-journal.c"

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

die() {
    printf 'run-balance.sh: %s\n' "$*" >&2
    exit 1
}

note() {
    printf '%s\n' "$*" >&2
}

is_uint() {
    [[ $1 =~ ^[0-9]+$ ]]
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
    if ! is_uint "$1"; then
        clerk=$1
        shift
    fi
fi

if [[ -z $clerk ]]; then
    for cand in "$PWD/src/clerk" "$repo_root/src/clerk" "$repo_root/clerk"; do
        if [[ -x $cand && ! -d $cand ]]; then
            clerk=$cand
            break
        fi
    done
    [[ -n $clerk ]] || clerk="$repo_root/src/clerk" # reported as n/a below
fi

if [[ $# -gt 0 ]]; then
    sizes=("$@")
else
    sizes=(10000 100000 1000000)
fi
for n in "${sizes[@]}"; do
    is_uint "$n" || die "size is not a non-negative integer: $n"
done

bench_dir=${BENCH_DIR:-${TMPDIR:-/tmp}/clerk-bench}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-1}
skip_hledger_above=${BENCH_SKIP_HLEDGER_ABOVE:-200000}
skip_ledger_above=${BENCH_SKIP_LEDGER_ABOVE:-}
ledger_cmd=${LEDGER:-ledger}
hledger_cmd=${HLEDGER:-hledger}
md5_cmd=${MD5SUM:-md5sum}
time_bin=${TIME_BIN:-/usr/bin/time}
cc=${CC:-cc}
cflags=${CFLAGS:--O2}

is_uint "$seed" || die "BENCH_SEED is not a non-negative integer: $seed"
if ! is_uint "$runs" || [[ $runs -lt 1 ]]; then
    die "BENCH_RUNS must be an integer >= 1: $runs"
fi
is_uint "$skip_hledger_above" ||
    die "BENCH_SKIP_HLEDGER_ABOVE is not an integer: $skip_hledger_above"
[[ -z $skip_ledger_above ]] || is_uint "$skip_ledger_above" ||
    die "BENCH_SKIP_LEDGER_ABOVE is not an integer: $skip_ledger_above"

if ! "$time_bin" -f '%e %M' true >/dev/null 2>&1; then
    die "GNU time not found at $time_bin (Debian/Ubuntu: apt-get install time)"
fi

mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)

have() {
    command -v "$1" >/dev/null 2>&1
}

have_clerk=no
if [[ -x $clerk && ! -d $clerk ]]; then
    have_clerk=yes
    [[ $clerk == */* ]] && clerk=$(cd "$(dirname "$clerk")" && pwd)/$(basename "$clerk")
elif [[ $clerk != */* ]] && have "$clerk"; then
    have_clerk=yes
fi
have_ledger=no
have "$ledger_cmd" && have_ledger=yes
have_hledger=no
have "$hledger_cmd" && have_hledger=yes
have "$md5_cmd" || die "$md5_cmd not found"

# ---------------------------------------------------------------------------
# Generator.

[[ -f $gen_src ]] || die "generator source not found: $gen_src"
gen_bin="$bench_dir/gen-journal"
if [[ ! -x $gen_bin || $gen_src -nt $gen_bin ]]; then
    note "building $gen_bin"
    # shellcheck disable=SC2086 # CFLAGS is a list of words
    "$cc" $cflags -std=c11 -Wall -Wextra -o "$gen_bin.tmp" "$gen_src" ||
        die "cannot compile $gen_src"
    mv -f "$gen_bin.tmp" "$gen_bin"
fi
# Journals are keyed by size, seed and a checksum of the generator source so
# that a changed generator never reuses a stale file.
gen_sum=$(cksum <"$gen_src" | awk '{print $1}')

journal_for() { # N -> path (generated if missing)
    local n=$1 f old
    f="$bench_dir/journal-$n-s$seed-g$gen_sum.journal"
    if [[ ! -s $f ]]; then
        for old in "$bench_dir/journal-$n-s$seed-g"*.journal; do
            [[ -e $old ]] && rm -f "$old"
        done
        note "generating $n transactions -> $f"
        "$gen_bin" "$n" "$seed" >"$f.tmp" || die "gen-journal $n failed"
        mv -f "$f.tmp" "$f"
    fi
    printf '%s\n' "$f"
}

# ---------------------------------------------------------------------------
# Measurement.

# measure LABEL N -- CMD...: runs CMD (stdout to /dev/null) BENCH_RUNS times;
# sets m_time and m_rss (MiB) to numbers, or both to "fail".
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
            note "$label failed on $n transactions (exit $rc); stderr in $ef:"
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

# ratio A B FMT: A/B formatted, or n/a when either is not a positive number.
ratio() {
    awk -v a="$1" -v b="$2" -v fmt="$3" 'BEGIN{
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || a+0 <= 0 || b+0 <= 0) {
            print "n/a"; exit
        }
        printf fmt "\n", a/b
    }'
}

# Normalise a balance CSV (header dropped) to sorted "account<TAB>commodity
# <TAB>amount" lines: fields unquoted, "," removed from amounts, trailing
# fractional zeros dropped, zero balances omitted.
normalise_csv() {
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
    NR == 1 { next }
    {
        sub(/\r$/, "")
        if (parse($0) < 3) { print "malformed: " $0; next }
        amt = fld[3]
        gsub(/[, ]/, "", amt)
        sub(/^\+/, "", amt)
        if (amt ~ /\./) { sub(/0+$/, "", amt); sub(/\.$/, "", amt) }
        if (amt ~ /^-?0*$/) next
        sub(/^-?0+/, (amt ~ /^-/ ? "-" : ""), amt)
        sub(/^-?$/, "0", amt)
        if (amt ~ /^-?\./) sub(/\./, "0.", amt)
        print fld[1] "\t" fld[2] "\t" amt
    }' | LC_ALL=C sort
}

# check_totals N FILE -> same/different/n/a
check_totals() {
    local n=$1 f=$2 c h
    c="$bench_dir/totals-$n-clerk.tsv"
    h="$bench_dir/totals-$n-hledger.tsv"
    # pipefail makes each pipeline fail when the tool fails.
    if ! "$clerk" balance -f "$f" -O csv 2>/dev/null | normalise_csv >"$c"; then
        echo "n/a"
        return 0
    fi
    if ! "$hledger_cmd" -f "$f" bal --layout=bare -O csv -N 2>/dev/null |
        normalise_csv >"$h"; then
        echo "n/a"
        return 0
    fi
    if cmp -s "$c" "$h"; then
        echo "same"
    else
        diff "$h" "$c" >"$bench_dir/totals-$n.diff" || true
        note "totals differ on $n transactions: see $bench_dir/totals-$n.diff"
        echo "different"
    fi
}

# ---------------------------------------------------------------------------
# Preamble.

version_of() {
    "$@" 2>/dev/null | head -n 1 || true
}

echo "# clerk balance benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') cores," \
    "$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM"
if [[ $have_clerk == yes ]]; then
    echo "# clerk:   $clerk"
else
    echo "# clerk:   not found ($clerk)"
fi
if [[ $have_ledger == yes ]]; then
    echo "# ledger:  $(version_of "$ledger_cmd" --version)"
else
    echo "# ledger:  not installed"
fi
if [[ $have_hledger == yes ]]; then
    echo "# hledger: $(version_of "$hledger_cmd" --version)"
else
    echo "# hledger: not installed"
fi
echo "# md5sum:  $(version_of "$md5_cmd" --version)"
echo "# seed $seed, best of $runs run(s), scratch $bench_dir"
echo "# hledger skipped above $skip_hledger_above transactions;" \
    "ledger skipped above ${skip_ledger_above:-(never)}"
echo

fmt='%9s %8s | %7s %8s | %7s %8s | %7s %8s | %7s %8s | %7s %6s %8s | %s\n'
# shellcheck disable=SC2059 # fmt is a format string on purpose
{
    printf "$fmt" "" "" "md5sum" "" "clerk" "" "ledger" "" "hledger" "" \
        "clerk vs" "" "" ""
    printf "$fmt" size file_MB time_s peak_MB time_s peak_MB time_s peak_MB \
        time_s peak_MB speedup x_md5 mem_frac totals
} | sed 's/ *$//'

# ---------------------------------------------------------------------------
# Main loop.

for n in "${sizes[@]}"; do
    f=$(journal_for "$n")
    mb=$(awk -v b="$(wc -c <"$f")" 'BEGIN{printf "%.1f", b/1048576}')
    cat "$f" >/dev/null # warm the page cache so every tool sees it hot

    note "size $n: md5sum"
    measure md5sum "$n" -- "$md5_cmd" "$f"
    md5_t=$m_time md5_m=$m_rss

    clerk_t=n/a clerk_m=n/a
    if [[ $have_clerk == yes ]]; then
        note "size $n: clerk"
        measure clerk "$n" -- "$clerk" balance -f "$f"
        clerk_t=$m_time clerk_m=$m_rss
    fi

    ledger_t=n/a ledger_m=n/a
    if [[ $have_ledger == yes ]]; then
        if [[ -n $skip_ledger_above && $n -gt $skip_ledger_above ]]; then
            ledger_t=skip ledger_m=skip
        else
            note "size $n: ledger"
            measure ledger "$n" -- "$ledger_cmd" -f "$f" balance
            ledger_t=$m_time ledger_m=$m_rss
        fi
    fi

    hledger_t=n/a hledger_m=n/a
    if [[ $have_hledger == yes ]]; then
        if [[ $n -gt $skip_hledger_above ]]; then
            hledger_t=skip hledger_m=skip
        else
            note "size $n: hledger"
            measure hledger "$n" -- "$hledger_cmd" -f "$f" balance
            hledger_t=$m_time hledger_m=$m_rss
        fi
    fi

    totals=n/a
    if [[ $have_clerk == yes && $clerk_t != fail && $have_hledger == yes &&
        $hledger_t != skip ]]; then
        note "size $n: comparing totals with hledger"
        totals=$(check_totals "$n" "$f")
    fi

    speedup=$(ratio "$ledger_t" "$clerk_t" '%.1fx')
    x_md5=$(ratio "$clerk_t" "$md5_t" '%.1fx')
    mem_frac=$(ratio "$clerk_m" "$ledger_m" '%.2f')

    # shellcheck disable=SC2059
    printf "$fmt" "$n" "$mb" "$md5_t" "$md5_m" "$clerk_t" "$clerk_m" \
        "$ledger_t" "$ledger_m" "$hledger_t" "$hledger_m" \
        "$speedup" "$x_md5" "$mem_frac" "$totals"
done
