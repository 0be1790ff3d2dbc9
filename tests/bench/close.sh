#!/usr/bin/env bash
# close.sh - benchmark `clerk close` and a night on closed books.
#
# Usage: tests/bench/close.sh [CLERK_BINARY] [SIZES...]
#
#   SIZES  N_ITEMS:N_MOVEMENTS pairs; default: 100000:10000
#
# gen-match.c (the generator of run-night.sh) writes books of N_ITEMS
# invoices over about 1000 days from 2020-01-01 (the bank's opening on
# 2019-12-31) and a statement of N_MOVEMENTS movements in November 2026.
# The books are kept two ways:
#
#   all/    every year in one set of books, never closed;
#   y2022/  2020 in y2020/, closed through 2020-12-31 into y2021/, 2021
#           posted there (clerk post) and closed through 2021-12-31 into
#           y2022/, 2022 posted there.
#
# Printed per size (seconds, MB): `clerk check` and `clerk close` on the
# books closed each year (y2020 then y2021), then the night (`clerk run
# --date 2026-11-28` with the statement) on the unclosed and on the closed
# books: time and peak RSS (GNU time), and the books' size. gen-match never
# pays an invoice, so every item is still open at each close: the new roots
# carry them all (the open period's work), only the history goes.
# Environment: BENCH_DIR (default /tmp/clerk-bench), BENCH_SEED (1),
# TIME_BIN (/usr/bin/time), CC.
set -euo pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
die() { printf 'close.sh: %s\n' "$*" >&2; exit 1; }
clerk=""
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+:[0-9]+$ ]]; then clerk=$1; shift; fi
if [[ -z $clerk ]]; then
	for c in "$repo_root/build/src/clerk" "$repo_root/src/clerk"; do [[ -x $c ]] && clerk=$c && break; done
fi
[[ -n $clerk && -x $clerk ]] || die "no clerk binary; give its path"
clerk=$(cd "$(dirname "$clerk")" && pwd)/$(basename "$clerk")
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100000:10000)
bench_dir=${BENCH_DIR:-/tmp/clerk-bench}
seed=${BENCH_SEED:-1}
time_bin=${TIME_BIN:-/usr/bin/time}
"$time_bin" -f '%e %M' true >/dev/null 2>&1 || die "GNU time not found at $time_bin"
mkdir -p "$bench_dir"
gen_bin="$bench_dir/gen-match"
if [[ ! -x $gen_bin || $script_dir/gen-match.c -nt $gen_bin ]]; then
	"${CC:-cc}" -O2 -std=c11 -o "$gen_bin.tmp" "$script_dir/gen-match.c" && mv -f "$gen_bin.tmp" "$gen_bin"
fi

# timed CMD...: prints "SECONDS PEAK_MB" of the command (its output discarded)
timed() {
	"$time_bin" -o "$bench_dir/time.out" -f 'timed %e %M' "$@" >/dev/null 2>&1 || true
	awk '$1 == "timed" { printf "%ss %.0fMB", $2, $3 / 1024 }' "$bench_dir/time.out"
}
year() { awk -v y="$1" '/^[0-9]/ { keep = substr($0, 1, 4) == y } keep { print }' "$2"; }
night() { # BOOKS_DIR: time and peak of the night
	local w=$1
	rm -rf "$w/inbox" "$w/out"
	mkdir -p "$w/inbox"
	cp "$stem.xml" "$w/inbox/statement.xml"
	(cd "$w" && timed "$clerk" run -q -f books.journal --inbox inbox --out out --date 2026-11-28)
}

printf '%-8s %-6s | %-14s %-14s | %-14s %-14s | %-14s %-14s | %s\n' items movs \
	"check y2020" "close y2020" "check y2021" "close y2021" "night all" "night closed" "MB all/closed root"
for s in "${sizes[@]}"; do
	i=${s%%:*} m=${s##*:}
	stem="$bench_dir/close-$i-$m-s$seed"
	if [[ ! -s $stem.journal ]]; then
		"$gen_bin" "$stem.journal" "$stem.xml" "$i" "$m" "$seed" 2026-11-27 >/dev/null
	fi
	w="$bench_dir/close-$i-$m"
	rm -rf "$w"
	mkdir -p "$w/all" "$w/y2020" "$w/y2021" "$w/y2022"
	awk '/^[0-9]/ { exit } { print }' "$stem.journal" > "$w/head.journal"
	echo 'account Equity:Retained  ; role: retained' >> "$w/head.journal"
	{ cat "$w/head.journal"; year 2019 "$stem.journal"; year 2020 "$stem.journal"; } > "$w/y2020/books.journal"
	{ cat "$w/y2020/books.journal"; year 2021 "$stem.journal"; year 2022 "$stem.journal"; } > "$w/all/books.journal"
	c1=$(timed "$clerk" check -q -f "$w/y2020/books.journal")
	k1=$(timed "$clerk" close -f "$w/y2020/books.journal" --through 2020-12-31 --to "$w/y2021/books.journal")
	year 2021 "$stem.journal" > "$w/2021.journal"
	"$clerk" post -q -f "$w/y2021/books.journal" "$w/2021.journal"
	c2=$(timed "$clerk" check -q -f "$w/y2021/books.journal")
	k2=$(timed "$clerk" close -f "$w/y2021/books.journal" --through 2021-12-31 --to "$w/y2022/books.journal")
	year 2022 "$stem.journal" > "$w/2022.journal"
	"$clerk" post -q -f "$w/y2022/books.journal" "$w/2022.journal"
	na=$(night "$w/all")
	nc=$(night "$w/y2022")
	sa=$(du -sm "$w/all/books.journal" | cut -f1)
	sc=$(du -sm "$w/y2022/books.journal" | cut -f1)
	printf '%-8s %-6s | %-14s %-14s | %-14s %-14s | %-14s %-14s | %s/%s\n' "$i" "$m" \
		"$c1" "$k1" "$c2" "$k2" "$na" "$nc" "$sa" "$sc"
done
