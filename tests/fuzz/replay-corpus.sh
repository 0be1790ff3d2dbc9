#!/bin/sh
# replay-corpus.sh - replays the committed fuzz corpora through the fuzz
# targets' entry points (tests/fuzz/replay_journal, replay_amount, replay_camt,
# replay_pack, replay_einvoice, replay_receive, replay_pain002, replay_sign, replay_packdiff, replay_billing, replay_bookfiles, replay_close, replay_documents, replay_history), for `make check` when the build has no libFuzzer
# (--enable-fuzzers is off).
#
# Speaks TAP for automake's tap-driver.sh: one test per target. A target
# fails when its replay program crashes, aborts (a broken invariant), exits
# non-zero, or replays no input at all.
#
# Environment (exported by the Makefile): top_srcdir (the corpora live in
# $top_srcdir/tests/fuzz/corpus/TARGET) and top_builddir (the replay
# programs are $top_builddir/tests/fuzz/replay_TARGET).

top_srcdir=${top_srcdir:-.}
top_builddir=${top_builddir:-.}
targets="journal amount camt pack einvoice receive pain002 sign packdiff billing bookfiles close documents history" # FUZZ_TARGETS in Makefile.am
tmp=${TMPDIR:-/tmp}/clerk-replay.$$
trap 'rm -f "$tmp.out" "$tmp.err"' EXIT
trap 'exit 1' INT TERM

# shellcheck disable=SC2086
set -- $targets
echo "1..$#"
n=0
for t in $targets; do
	n=$((n + 1))
	prog=$top_builddir/tests/fuzz/replay_$t
	corpus=$top_srcdir/tests/fuzz/corpus/$t
	if [ ! -x "$prog" ]; then
		echo "not ok $n - $t corpus (not built: $prog)"
		continue
	fi
	if [ ! -d "$corpus" ]; then
		echo "not ok $n - $t corpus (no corpus directory $corpus)"
		continue
	fi
	REPLAY_VERBOSE=1 "$prog" "$corpus" >"$tmp.out" 2>"$tmp.err"
	rc=$?
	count=$(sed -n 's/^replayed \([0-9][0-9]*\) inputs$/\1/p' "$tmp.out")
	if [ "$rc" -eq 0 ] && [ -n "$count" ] && [ "$count" -gt 0 ]; then
		echo "ok $n - $t corpus ($count inputs)"
	else
		if [ "$rc" -eq 0 ]; then
			echo "not ok $n - $t corpus (no inputs replayed from $corpus)"
		else
			echo "not ok $n - $t corpus (exit status $rc)"
		fi
		# the last input named is the one that crashed
		tail -n 20 "$tmp.err" | sed 's/^/# /'
	fi
done
exit 0
