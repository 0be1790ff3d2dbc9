#!/usr/bin/env bash
# run-aging.sh - benchmark `clerk aging` and `clerk collections` over books
# with many open items, beside `clerk balance` (and ledger and hledger
# balance) on the same books.
#
# Usage: tests/bench/run-aging.sh [CLERK_BINARY] [SIZES...]
#
#   CLERK_BINARY  path to the clerk executable; default: src/clerk under the
#                 current (build) directory, else build/src/clerk or src/clerk
#                 under the repository root.  If the first argument is a plain
#                 number it is taken as a size and the default binary is used.
#   SIZES         open items in the books; default: 100000 300000 1000000
#
# The books are gen-match.c's (built on demand, run with no statement
# movements): N invoices, none paid, about 50 per customer, spread over
# about 1000 days, each due 30 days after its date, so that on the date of
# the last transaction (given to both commands as --date: their default is
# today, docs/dates.md) every aging
# bucket and every dunning level is populated.  The receivable control
# account is then given a dunning policy with fees and interest
# (`dunning-fees: 0 5.00 10.00 15.00, dunning-interest: 9.12`, and accounts
# with roles fees and interest), so that collections computes a fee and the
# interest of every overdue item (every customer is due a notice: none was
# ever recorded).  The generator's own output is not changed; the policy is
# added by sed into a separate file, reused on later runs.
#
# Commands, each with its output sent to a file, page cache warm, timed with
# GNU time (`/usr/bin/time -f '%e %M'`):
#
#   balance      clerk balance -f BOOKS
#   aging        clerk aging -f BOOKS --date LAST      (text; must tie out)
#   collections  clerk collections -f BOOKS            (text)
#   ledger       ledger -f BOOKS balance               (when installed)
#   hledger      hledger -f BOOKS balance              (when installed)
#
# x_bal = command time / clerk balance time.  The goal is that aging and
# collections cost less than twice what reading the books costs (x_bal below
# 2.0) and that time grows linearly: the last lines give the time per
# 100,000 items at each size and the ratio of the largest size's to the
# smallest's (1.00 is perfectly linear; above 1.5 is reported as
# superlinear).  A clerk command that fails, or an aging that does not tie
# out, stops the script with its stderr (kept in the scratch directory).
#
# Environment:
#   BENCH_DIR                 scratch directory (default ${TMPDIR:-/tmp}/clerk-bench)
#   BENCH_SEED                generator seed (default 1)
#   BENCH_RUNS                runs per command and size; the fastest time and
#                             the largest peak RSS are reported (default 1)
#   BENCH_SKIP_HLEDGER_ABOVE  skip hledger above this many items (default 200000)
#   BENCH_SKIP_LEDGER_ABOVE   skip ledger above this many items (default 300000)
#   LEDGER, HLEDGER           commands to run (default: ledger, hledger)
#   TIME_BIN                  GNU time (default /usr/bin/time)
#   CC, CFLAGS                compiler for gen-match (default cc, -O2)
#
# Columns: time_s is wall-clock seconds (GNU time %e, 10 ms resolution),
# peak_MB is maximum RSS in MiB (GNU time %M / 1024), books_MB the size of
# the books.  "n/a" means the tool is not installed, "skip" that it was
# skipped for this size, "fail" that it exited non-zero.

set -euo pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
gen_src="$script_dir/gen-match.c"

usage() {
    sed -n '2,/^$/{s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
}

die() {
    printf 'run-aging.sh: %s\n' "$*" >&2
    exit 1
}

note() {
    printf '%s\n' "$*" >&2
}

is_uint() {
    [[ $1 =~ ^[0-9]+$ ]]
}

have() {
    command -v "$1" >/dev/null 2>&1
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
    for cand in "$PWD/src/clerk" "$repo_root/build/src/clerk" "$repo_root/src/clerk"; do
        if [[ -x $cand && ! -d $cand ]]; then
            clerk=$cand
            break
        fi
    done
    [[ -n $clerk ]] || die "no clerk binary found (build it, or give its path)"
fi
if [[ $clerk == */* ]]; then
    [[ -x $clerk && ! -d $clerk ]] || die "not an executable: $clerk"
    clerk=$(cd "$(dirname "$clerk")" && pwd)/$(basename "$clerk")
else
    have "$clerk" || die "not found: $clerk"
fi

if [[ $# -gt 0 ]]; then
    sizes=("$@")
else
    sizes=(100000 300000 1000000)
fi
for n in "${sizes[@]}"; do
    is_uint "$n" || die "size is not a non-negative integer: $n"
    [[ $n -ge 1 && $n -le 9999999 ]] || die "size must be 1 to 9999999: $n"
done

bench_dir=${BENCH_DIR:-${TMPDIR:-/tmp}/clerk-bench}
seed=${BENCH_SEED:-1}
runs=${BENCH_RUNS:-1}
skip_hledger_above=${BENCH_SKIP_HLEDGER_ABOVE:-200000}
skip_ledger_above=${BENCH_SKIP_LEDGER_ABOVE:-300000}
ledger_cmd=${LEDGER:-ledger}
hledger_cmd=${HLEDGER:-hledger}
time_bin=${TIME_BIN:-/usr/bin/time}
cc=${CC:-cc}
cflags=${CFLAGS:--O2}

is_uint "$seed" || die "BENCH_SEED is not a non-negative integer: $seed"
if ! is_uint "$runs" || [[ $runs -lt 1 ]]; then
    die "BENCH_RUNS must be an integer >= 1: $runs"
fi
is_uint "$skip_hledger_above" ||
    die "BENCH_SKIP_HLEDGER_ABOVE is not an integer: $skip_hledger_above"
is_uint "$skip_ledger_above" ||
    die "BENCH_SKIP_LEDGER_ABOVE is not an integer: $skip_ledger_above"
if ! "$time_bin" -f '%e %M' true >/dev/null 2>&1; then
    die "GNU time not found at $time_bin (Debian/Ubuntu: apt-get install time)"
fi

mkdir -p "$bench_dir"
bench_dir=$(cd "$bench_dir" && pwd)

have_ledger=no
have "$ledger_cmd" && have_ledger=yes
have_hledger=no
have "$hledger_cmd" && have_hledger=yes

# ---------------------------------------------------------------------------
# Books.

[[ -f $gen_src ]] || die "generator source not found: $gen_src"
gen_bin="$bench_dir/gen-match"
if [[ ! -x $gen_bin || $gen_src -nt $gen_bin ]]; then
    note "building $gen_bin"
    # shellcheck disable=SC2086 # CFLAGS is a list of words
    "$cc" $cflags -std=c11 -Wall -Wextra -o "$gen_bin.tmp" "$gen_src" ||
        die "cannot compile $gen_src"
    mv -f "$gen_bin.tmp" "$gen_bin"
fi
# Keyed by size, seed and a checksum of the generator and of this script
# (which adds the policy), so that a change never reuses a stale file.
gen_sum=$(cat "$gen_src" "${BASH_SOURCE[0]}" | cksum | awk '{print $1}')

policy='dunning-fees: 0 5.00 10.00 15.00, dunning-interest: 9.12'

books_for() { # N -> path (generated if missing)
    local n=$1 f old
    f="$bench_dir/aging-$n-s$seed-g$gen_sum.journal"
    if [[ ! -s $f ]]; then
        for old in "$bench_dir/aging-$n-s$seed-g"*.journal; do
            [[ -e $old ]] && rm -f "$old"
        done
        note "generating $n open items -> $f"
        "$gen_bin" "$f.gen" /dev/null "$n" 0 "$seed" 2>/dev/null ||
            die "gen-match $n failed"
        sed -e "s/^account Assets:Receivable  ; role: receivable\$/&, $policy\\
account Income:Dunning Fees  ; role: fees\\
account Income:Interest  ; role: interest/" "$f.gen" >"$f.tmp" ||
            die "cannot add the dunning policy"
        grep -q "^account Income:Interest  ; role: interest\$" "$f.tmp" ||
            die "the generated books have no receivable control account line to tag"
        rm -f "$f.gen"
        mv -f "$f.tmp" "$f"
    fi
    printf '%s\n' "$f"
}

# ---------------------------------------------------------------------------
# Measurement.

# measure LABEL N OUT FATAL -- CMD...: runs CMD (stdout to OUT) BENCH_RUNS
# times; sets m_time and m_rss (MiB). A failing command stops the script when
# FATAL is yes, else sets both to "fail".
m_time=""
m_rss=""
measure() {
    local label=$1 n=$2 out=$3 fatal=$4 i tf ef rc line t k best_t="" best_k=0
    shift 5
    tf="$bench_dir/time-aging-$label-$n.txt"
    ef="$bench_dir/stderr-aging-$label-$n.txt"
    for ((i = 0; i < runs; i++)); do
        rc=0
        "$time_bin" -f '%e %M' -o "$tf" "$@" >"$out" 2>"$ef" || rc=$?
        if [[ $rc -ne 0 ]]; then
            note "run-aging.sh: $label failed on $n items (exit $rc): $*"
            note "stderr (in $ef):"
            head -n 20 "$ef" >&2 || true
            [[ $fatal == yes ]] && exit 1
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

ratio() { # A B -> A/B as 1.23x, or n/a
    awk -v a="$1" -v b="$2" 'BEGIN{
        if (a !~ /^[0-9.]+$/ || b !~ /^[0-9.]+$/ || a+0 <= 0 || b+0 <= 0) { print "n/a"; exit }
        printf "%.2fx\n", a / b
    }'
}

per100k() { # TIME N -> seconds per 100,000 items
    awk -v t="$1" -v n="$2" 'BEGIN{
        if (t !~ /^[0-9.]+$/ || n+0 <= 0) { print "n/a"; exit }
        printf "%.3f\n", t * 100000 / n
    }'
}

mib() {
    awk -v b="$(wc -c <"$1")" 'BEGIN{printf "%.1f", b/1048576}'
}

# ---------------------------------------------------------------------------
# Preamble.

version_of() {
    "$@" 2>/dev/null | head -n 1 || true
}

echo "# clerk aging and collections benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "# host: $(uname -srm), $(nproc 2>/dev/null || echo '?') cores," \
    "$(awk '/^MemTotal:/{printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo '? GiB') RAM"
echo "# clerk:   $clerk"
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
echo "# seed $seed, best of $runs run(s), scratch $bench_dir"
echo "# ledger skipped above $skip_ledger_above items, hledger above $skip_hledger_above"
echo

fmt='%8s %8s | %7s %7s | %7s %7s %6s | %7s %7s %6s | %7s %7s | %7s %7s\n'
# shellcheck disable=SC2059 # fmt is a format string on purpose
{
    printf "$fmt" "" "" "balance" "" "aging" "" "" "collect" "" "" "ledger" "" "hledger" ""
    printf "$fmt" items books_MB time_s peak_MB time_s peak_MB x_bal time_s peak_MB x_bal \
        time_s peak_MB time_s peak_MB
} | sed 's/ *$//'

# ---------------------------------------------------------------------------
# Main loop.

lin_n=() lin_bal=() lin_age=() lin_col=()
for n in "${sizes[@]}"; do
    f=$(books_for "$n")
    cat "$f" >/dev/null # warm the page cache

    note "size $n: clerk balance"
    measure balance "$n" /dev/null yes -- "$clerk" balance -f "$f"
    bal_t=$m_time bal_m=$m_rss

    # the books' last transaction's date (the commands default to today)
    last=$(grep -oE '^[0-9]{4}-[0-9]{2}-[0-9]{2}' "$f" | sort | tail -n 1)

    note "size $n: clerk aging"
    aging_out="$bench_dir/aging-$n.txt"
    measure aging "$n" "$aging_out" yes -- "$clerk" aging -f "$f" --date "$last"
    age_t=$m_time age_m=$m_rss
    if ! grep -q ': ties out$' "$aging_out" || grep -q 'DOES NOT TIE OUT' "$aging_out"; then
        die "the aging of $n items does not tie out (see $aging_out)"
    fi

    note "size $n: clerk collections"
    coll_out="$bench_dir/collections-$n.txt"
    measure collections "$n" "$coll_out" yes -- "$clerk" collections -f "$f" --date "$last"
    col_t=$m_time col_m=$m_rss
    grep -q 'collections' "$coll_out" ||
        die "the collections list of $n items has no party at level 4 (see $coll_out)"

    led_t=n/a led_m=n/a
    if [[ $have_ledger == yes ]]; then
        if [[ $n -gt $skip_ledger_above ]]; then
            led_t=skip led_m=skip
        else
            note "size $n: ledger balance"
            measure ledger "$n" /dev/null no -- "$ledger_cmd" -f "$f" balance
            led_t=$m_time led_m=$m_rss
        fi
    fi

    hl_t=n/a hl_m=n/a
    if [[ $have_hledger == yes ]]; then
        if [[ $n -gt $skip_hledger_above ]]; then
            hl_t=skip hl_m=skip
        else
            note "size $n: hledger balance"
            measure hledger "$n" /dev/null no -- "$hledger_cmd" -f "$f" balance
            hl_t=$m_time hl_m=$m_rss
        fi
    fi

    # shellcheck disable=SC2059
    printf "$fmt" "$n" "$(mib "$f")" "$bal_t" "$bal_m" "$age_t" "$age_m" \
        "$(ratio "$age_t" "$bal_t")" "$col_t" "$col_m" "$(ratio "$col_t" "$bal_t")" \
        "$led_t" "$led_m" "$hl_t" "$hl_m"
    lin_n+=("$n") lin_bal+=("$bal_t") lin_age+=("$age_t") lin_col+=("$col_t")
done

# ---------------------------------------------------------------------------
# Linearity: seconds per 100,000 items at each size.

echo
echo "seconds per 100,000 items:"
printf '%8s | %8s %8s %8s\n' items balance aging collect
for ((i = 0; i < ${#lin_n[@]}; i++)); do
    printf '%8s | %8s %8s %8s\n' "${lin_n[i]}" "$(per100k "${lin_bal[i]}" "${lin_n[i]}")" \
        "$(per100k "${lin_age[i]}" "${lin_n[i]}")" "$(per100k "${lin_col[i]}" "${lin_n[i]}")"
done
last=$((${#lin_n[@]} - 1))
if ((last > 0)); then
    verdict=""
    for cmd in balance aging collections; do
        case $cmd in
        balance) t0=${lin_bal[0]} t1=${lin_bal[last]} ;;
        aging) t0=${lin_age[0]} t1=${lin_age[last]} ;;
        collections) t0=${lin_col[0]} t1=${lin_col[last]} ;;
        esac
        r=$(awk -v a="$(per100k "$t1" "${lin_n[last]}")" -v b="$(per100k "$t0" "${lin_n[0]}")" \
            'BEGIN{ if (b+0 <= 0) print "n/a"; else printf "%.2f", a / b }')
        word=linear
        if [[ $r == n/a ]]; then
            word="n/a"
        elif awk -v r="$r" 'BEGIN{exit !(r > 1.5)}'; then
            word=SUPERLINEAR
        fi
        verdict+="${verdict:+, }$cmd $r ($word)"
    done
    echo "per-item time at ${lin_n[last]} / at ${lin_n[0]}: $verdict"
fi
