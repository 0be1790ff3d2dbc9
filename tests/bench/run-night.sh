#!/usr/bin/env bash
# run-night.sh - benchmark a whole `clerk run`: a night with many movements
# against large books, time split by stage, and peak memory.
#
# Usage: tests/bench/run-night.sh [CLERK_BINARY] [SIZES...]
#
#   SIZES  N_ITEMS:N_MOVEMENTS pairs (open items in the books : booked
#          movements in the night's statement); default: 100000:10000 1000000:100000
#
# gen-match.c (built on demand, the generator of run-match.sh) writes the
# books (one invoice per open item, about 50 per customer) and one camt.053
# statement. For each size the books are copied into a fresh folder with the
# statement in its inbox, and
#
#   clerk run -f books.journal --inbox inbox --out out --date 2026-11-28 --timings
#
# runs under GNU time. The stages it reports (seconds): load (read and check
# the books), read (the first pass over the statements: what each is, in
# which order they go, whether one waits for a later night), import (read
# the statement), match (open items, matching,
# validating the postings), dunning (open items, levels, the collections
# list), letters (rendering them), notices (composing and checking them),
# aging (both sides, after the notices), report (the trial balance after and
# the HTML report), post (the atomic commit), outputs (report and letter
# files), pack (the audit zip), archive (moving the statement). `check` is
# `clerk check` on the same books, for scale. Environment: BENCH_DIR
# (default /tmp/clerk-bench), BENCH_SEED (1), TIME_BIN (/usr/bin/time), CC.
set -euo pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
die() { printf 'run-night.sh: %s\n' "$*" >&2; exit 1; }
clerk=""
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+:[0-9]+$ ]]; then clerk=$1; shift; fi
if [[ -z $clerk ]]; then
	for c in "$repo_root/build/src/clerk" "$repo_root/src/clerk"; do [[ -x $c ]] && clerk=$c && break; done
fi
[[ -n $clerk && -x $clerk ]] || die "no clerk binary; give its path"
clerk=$(cd "$(dirname "$clerk")" && pwd)/$(basename "$clerk")
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100000:10000 1000000:100000)
bench_dir=${BENCH_DIR:-/tmp/clerk-bench}
seed=${BENCH_SEED:-1}
time_bin=${TIME_BIN:-/usr/bin/time}
"$time_bin" -f '%e %M' true >/dev/null 2>&1 || die "GNU time not found at $time_bin"
mkdir -p "$bench_dir"
gen_src="$script_dir/gen-match.c"
gen_bin="$bench_dir/gen-match"
if [[ ! -x $gen_bin || $gen_src -nt $gen_bin ]]; then
	"${CC:-cc}" -O2 -std=c11 -o "$gen_bin.tmp" "$gen_src" && mv -f "$gen_bin.tmp" "$gen_bin"
fi
gen_sum=$(cksum <"$gen_src" | awk '{print $1}')

printf '%-8s %-6s %6s | %5s %5s %6s %5s %7s %7s %7s %5s %6s %5s %7s %5s %7s | %6s %7s\n' \
	items movs check load read import match dunning letters notices aging report post outputs pack archive total peak_MB
for s in "${sizes[@]}"; do
	i=${s%%:*} m=${s##*:}
	stem="$bench_dir/night-$i-$m-s$seed-g$gen_sum"
	if [[ ! -s $stem.journal || ! -s $stem.xml ]]; then
		printf 'generating %s items, %s movements\n' "$i" "$m" >&2
		"$gen_bin" "$stem.journal.tmp" "$stem.xml.tmp" "$i" "$m" "$seed" 2026-11-27
		mv -f "$stem.journal.tmp" "$stem.journal"
		mv -f "$stem.xml.tmp" "$stem.xml"
	fi
	w="$bench_dir/night-$i-$m"
	rm -rf "$w"
	mkdir -p "$w/inbox"
	cp "$stem.journal" "$w/books.journal"
	cp "$stem.xml" "$w/inbox/statement.xml"
	ct=$( { "$time_bin" -f '%e' "$clerk" check -q -f "$w/books.journal" >/dev/null; } 2>&1 | tail -n 1)
	rc=0
	(cd "$w" && "$time_bin" -f 'peak %M' "$clerk" run -f books.journal --inbox inbox --out out \
		--date 2026-11-28 --timings >run.out 2>run.err) || rc=$?
	[[ $rc -eq 0 || $rc -eq 5 ]] || { cat "$w/run.err" >&2; die "clerk run failed (exit $rc) on $s"; }
	t() { awk -v k="$1" '$3 == "timing:" && $4 == k { printf "%.2f", $5 }' "$w/run.err"; }
	peak=$(awk '$1 == "peak" { printf "%.0f", $2 / 1024 }' "$w/run.err")
	printf '%-8s %-6s %6s | %5s %5s %6s %5s %7s %7s %7s %5s %6s %5s %7s %5s %7s | %6s %7s\n' "$i" "$m" "$ct" \
		"$(t load)" "$(t read)" "$(t import)" "$(t match)" "$(t dunning)" "$(t letters)" "$(t notices)" \
		"$(t aging)" "$(t report)" "$(t post)" "$(t outputs)" "$(t pack)" "$(t archive)" \
		"$(t total)" "$peak"
	head -n 1 "$w/run.out" >&2
done
