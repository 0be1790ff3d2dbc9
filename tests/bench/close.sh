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
#   all/    every year in one set of books, never closed: 2020 in the root
#           as in y2020/, the later years posted as one batch (clerk post);
#   yYYYY/  2020 in y2020/, closed through 2020-12-31 into y2021/, 2021
#           posted there (clerk post) and closed through 2021-12-31 into
#           y2022/, and so on: the last year's books hold the open year.
#
# The two nights must give the same decisions, collections, aging,
# exceptions and open items (the script stops otherwise).
# Printed per size (seconds, MB): `clerk check` and `clerk close` on the
# books closed each year, then the night (`clerk run` with the statement)
# on the unclosed and on the closed books: time and peak RSS (GNU time),
# and the books' size.
#
# BENCH_YEARS=Y (default 3) and BENCH_PAID=P (default 0) make it larger:
# with either set, the invoices spread evenly over the Y years from 2020
# (gen-match's GEN_DAYS), P % of the invoices the statement does not pay
# are paid in the books (GEN_PAID: bank movements matched to the invoice,
# one in ten partial; the rest stay open), the books are closed year by
# year through 2020-12-31 ... (2018+Y)-12-31, each next year posted into
# the new books, and the statement ends on the first Friday from
# (2020+Y)-01-20, the night the day after. Without them (Y=3, P=0), as
# before: about 1000 days of invoices, none paid (every item still open at
# each close), 2020 and 2021 closed, the night on 2026-11-28.
# With BENCH_YEARS or BENCH_PAID, a company that started in the open year
# is timed too: as many invoices as the open year's, over as many days, paid
# alike, the same statement size, its own books (gen-match from 2020-01-01),
# its night on the Saturday after the first Friday from 2021-01-20; twice:
# with as many customers as the closed company (the same business, started
# this year: GEN_CUSTOMERS) and with a customer for every 50 invoices (as
# before, a tenth of the customers after ten years); and a third time with
# as many customers and, taken over on its first day (gen-match's
# GEN_OLD_OPEN: an opening with `item-date:`), as many open items of
# earlier years as the closed books still have at the night: the same
# business that started keeping its books here this year, whose night has
# the same collections, aging and dunning to make. Its root holds the
# declarations and the bank's opening, its year is posted (clerk post): every
# night timed runs on books that clerk has posted to before, so none pays for
# the first commit's rewrite of the root.
# BENCH_PARTIAL=H (default 10): H % of the payments in the books pay half
# (gen-match's GEN_PARTIAL); 0 makes every customer pay in full, so a
# year's open items at its close are only the (100 - P) % never paid.
# Environment: BENCH_DIR (default /tmp/clerk-bench), BENCH_SEED (1),
# BENCH_YEARS, BENCH_PAID, BENCH_PARTIAL, TIME_BIN (/usr/bin/time), CC.
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
years=${BENCH_YEARS:-3}
paid=${BENCH_PAID:-0}
last=$((2020 + years - 1))
end=2026-11-27
partial=${BENCH_PARTIAL:-10}
gen_env=()
if [[ -n ${BENCH_YEARS:-} || $paid != 0 ]]; then
	gen_days=$(( ($(date -ud "$((last + 1))-01-01" +%s) - $(date -ud 2020-01-01 +%s)) / 86400 ))
	last_days=$(( ($(date -ud "$((last + 1))-01-01" +%s) - $(date -ud "$last-01-01" +%s)) / 86400 ))
	gen_env=(GEN_DAYS=$gen_days GEN_PAID=$paid GEN_PARTIAL=$partial)
	end=$(date -ud "$((last + 1))-01-20" +%F)
	while [[ $(date -ud "$end" +%u) != 5 ]]; do end=$(date -ud "$end + 1 day" +%F); done
fi
run_date=$(date -ud "$end + 1 day" +%F)
night() { # BOOKS_DIR [STATEMENT [DATE]]: time and peak of the night
	local w=$1
	rm -rf "$w/inbox" "$w/out"
	mkdir -p "$w/inbox"
	cp "${2:-$stem.xml}" "$w/inbox/statement.xml"
	(cd "$w" && timed "$clerk" run -q -f books.journal --inbox inbox --out out --date "${3:-$run_date}")
}

for s in "${sizes[@]}"; do
	i=${s%%:*} m=${s##*:}
	stem="$bench_dir/close-$i-$m-s$seed-y$years-p$paid-h$partial"
	if [[ ! -s $stem.journal ]]; then
		env ${gen_env[@]+"${gen_env[@]}"} "$gen_bin" "$stem.journal" "$stem.xml" "$i" "$m" "$seed" "$end" >/dev/null
	fi
	w="$bench_dir/close-$i-$m"
	rm -rf "$w"
	mkdir -p "$w/all" "$w/y2020"
	awk '/^[0-9]/ { exit } { print }' "$stem.journal" > "$w/head.journal"
	echo 'account Equity:Retained  ; role: retained' >> "$w/head.journal"
	{ cat "$w/head.journal"; year 2019 "$stem.journal"; year 2020 "$stem.journal"; } > "$w/y2020/books.journal"
	# the unclosed books in the shape clerk keeps them: the same root, the
	# later years posted (one batch), so the night does not pay for the
	# first commit's rewrite of the root (formats/books.md)
	cp "$w/y2020/books.journal" "$w/all/books.journal"
	for ((y = 2021; y <= last; y++)); do year $y "$stem.journal"; done > "$w/later.journal"
	[[ -s $w/later.journal ]] && "$clerk" post -q -f "$w/all/books.journal" "$w/later.journal"
	rm -f "$w/later.journal"
	printf 'items %s, movements %s, %s years, %s %% paid in the books; statement to %s, night on %s\n' \
		"$i" "$m" "$years" "$paid" "$end" "$run_date"
	printf '  %-6s | %-16s %-16s | %s\n' "closed" "check" "close" "books MB"
	for ((y = 2020; y < last; y++)); do
		mkdir -p "$w/y$((y + 1))"
		c=$(timed "$clerk" check -q -f "$w/y$y/books.journal")
		k=$(timed "$clerk" close -f "$w/y$y/books.journal" --through $y-12-31 --to "$w/y$((y + 1))/books.journal")
		[[ -s $w/y$((y + 1))/books.journal ]] || die "the close of $y wrote no new root"
		mb=$(du -cm "$w/y$y/books.journal" "$w/y$y/posted" 2>/dev/null | tail -1 | cut -f1)
		printf '  %-6s | %-16s %-16s | %s\n' "$y" "$c" "$k" "$mb"
		year $((y + 1)) "$stem.journal" > "$w/$((y + 1)).journal"
		"$clerk" post -q -f "$w/y$((y + 1))/books.journal" "$w/$((y + 1)).journal"
		rm -f "$w/$((y + 1)).journal"
	done
	c=$(timed "$clerk" check -q -f "$w/all/books.journal")
	# the open items of the closed years the night starts with (for the
	# company that took them over, below)
	old_open=$("$clerk" open -f "$w/y$last/books.journal" --date "$run_date" -O csv 2>/dev/null |
		awk -F, -v d="$((last - 1))-12-31" 'NR > 1 && $4 <= d' | wc -l)
	na=$(night "$w/all")
	nc=$(night "$w/y$last")
	# the closed books must decide as the unclosed ones
	for f in decisions.csv collections.csv aging-receivables.csv aging-payables.csv exceptions.txt; do
		cmp -s "$w/all/out/$run_date/$f" "$w/y$last/out/$run_date/$f" || die "the nights' $f differ"
	done
	cmp -s <("$clerk" open --all -f "$w/all/books.journal" --date "$run_date" -O csv) \
		<("$clerk" open --all -f "$w/y$last/books.journal" --date "$run_date" -O csv) ||
		die "the open items after the nights differ"
	sa=$(du -cm "$w/all/books.journal" "$w/all/posted" | tail -1 | cut -f1)
	sc=$(du -cm "$w/y$last/books.journal" "$w/y$last/posted" | tail -1 | cut -f1)
	printf '  check all: %s; night on all (unclosed): %s; night on y%s (closed): %s; books MB all/open year: %s/%s\n' \
		"$c" "$na" "$last" "$nc" "$sa" "$sc"
	[[ -n ${gen_days:-} ]] || continue
	# a company that started this year: the open year's invoices (as many, over
	# as many days, paid alike) in books of their own from 2020-01-01, the same
	# number of movements in its statement, its night on the same weekday after;
	# once with as many customers as the company of ten years (the same
	# business, started this year), once with a customer for every 50 invoices;
	# and once with as many customers and, taken over on its first day, as
	# many open items of earlier years as the closed books still have at the
	# night (the same business, which started keeping its books here this
	# year: its night has the same collections to make)
	fi=$(( i * last_days / gen_days ))
	fend=2021-01-20
	while [[ $(date -ud "$fend" +%u) != 5 ]]; do fend=$(date -ud "$fend + 1 day" +%F); done
	for spec in "$(( i / 50 ? i / 50 : 1 )):0" "$(( i / 50 ? i / 50 : 1 )):$old_open" \
		"$(( fi / 50 ? fi / 50 : 1 )):0"; do
		fcust=${spec%%:*} fold=${spec##*:}
		fstem="$bench_dir/fresh-$fi-$m-s$seed-d$last_days-p$paid-h$partial-c$fcust"
		[[ $fold == 0 ]] || fstem+="-o$fold"
		if [[ ! -s $fstem.journal ]]; then
			GEN_DAYS=$last_days GEN_PAID=$paid GEN_PARTIAL=$partial GEN_CUSTOMERS=$fcust \
				GEN_OLD_OPEN=$fold \
				"$gen_bin" "$fstem.journal" "$fstem.xml" "$fi" "$m" "$seed" "$fend" >/dev/null
		fi
		# its root (declarations, the bank's opening) and its year posted, as above
		fw="$w/fresh-c$fcust"
		[[ $fold == 0 ]] || fw+="-o$fold"
		rm -rf "$fw" && mkdir -p "$fw"
		{ awk '/^[0-9]/ { exit } { print }' "$fstem.journal"
		  echo 'account Equity:Retained  ; role: retained'
		  year 2019 "$fstem.journal"; } > "$fw/books.journal"
		awk '/^[0-9]/ { keep = substr($0, 1, 4) > "2019" } keep { print }' "$fstem.journal" > "$w/fresh.journal"
		"$clerk" post -q -f "$fw/books.journal" "$w/fresh.journal"
		rm -f "$w/fresh.journal"
		fc=$(timed "$clerk" check -q -f "$fw/books.journal")
		nf=$(night "$fw" "$fstem.xml" "$(date -ud "$fend + 1 day" +%F)")
		sf=$(du -cm "$fw/books.journal" "$fw/posted" | tail -1 | cut -f1)
		took=""
		[[ $fold == 0 ]] || took=", $fold open items of earlier years taken over"
		printf '  a company that started this year (%s invoices, %s customers%s, books %s MB): check %s; night %s\n' \
			"$fi" "$fcust" "$took" "$sf" "$fc" "$nf"
	done
done
