#!/bin/bash
# tests/cli/run-cases.sh - golden tests of the clerk command line (TAP).
#
# Every directory tests/cli/cases/NNN-name/ is one test: its files are copied
# into a fresh temporary directory, `clerk $(cat cmd)` runs there, and its
# standard output, standard error and exit status must equal expected.out,
# expected.err and expected.rc byte for byte. The case format (fixture, env,
# before.sh, after.sh, skipping) is described in tests/cli/README.md.
#
# Environment: CLERK (the binary, absolute path), top_srcdir, top_builddir
# (set by `make check`). Optional: UPDATE=1 rewrites the expected files from
# the actual results (review every change by hand before committing it),
# KEEP=1 keeps the temporary directories, CLERK_WRAPPER runs clerk under a
# wrapper (e.g. 'valgrind -q --error-exitcode=99'). Arguments, when given,
# select cases by name (shell patterns: `run-cases.sh '05*' 101-post-first`).
#
# Prints `1..N` and one `ok`/`not ok` line per case, with a unified diff as
# `#` comments for each mismatch, and exits 0 (the TAP driver counts).
set -u
# a case gets 60 s; under a wrapper (valgrind runs 20 to 50 times slower) 600 s
case_timeout=60
[ -n "${CLERK_WRAPPER:-}" ] && case_timeout=600

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CLERK=${CLERK:-$top_builddir/src/clerk}
export CLERK top_srcdir top_builddir

cases_dir=$top_srcdir/tests/cli/cases
fixtures_dir=$top_srcdir/tests/cli/fixtures
lib=$top_srcdir/tests/cli/lib.sh

# Hermetic environment: English messages, no books or faults from outside,
# and a fixed today (docs/dates.md): no case depends on the clock. A case
# can set its own CLERK_TODAY in its env file.
export LC_ALL=C TZ=UTC CLERK_TODAY=2026-12-05
unset CLERK_BOOKS CLERK_FAULT LANGUAGE

# Files of a case directory that are not copied into the working directory.
meta_re='^(cmd|env|fixture|unprivileged|before\.sh|after\.sh|expected\.out|expected\.err|expected\.rc|README(\.md)?)$'

comment() {
	sed 's/^/# /'
}

selected() {
	local name=$1 pat
	[ ${#filters[@]} -eq 0 ] && return 0
	for pat in "${filters[@]}"; do
		# shellcheck disable=SC2053
		[[ $name == $pat ]] && return 0
	done
	return 1
}

filters=("$@")
cases=()
for d in "$cases_dir"/*/; do
	d=${d%/}
	[ -f "$d/cmd" ] || continue
	selected "$(basename "$d")" && cases+=("$d")
done

if [ ! -x "$CLERK" ]; then
	echo "1..0 # SKIP clerk binary not found: $CLERK"
	exit 0
fi

echo "1..${#cases[@]}"
n=0
for case in "${cases[@]}"; do
	n=$((n + 1))
	name=$(basename "$case")
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-case.XXXXXX")
	work=$tmp/work
	mkdir "$work"
	failed=0
	skip=
	log=$tmp/log
	: >"$log"

	# 1. the working directory: shared fixture first, then the case's files
	if [ -f "$case/fixture" ]; then
		fx=$(head -n 1 "$case/fixture")
		if [ ! -d "$fixtures_dir/$fx" ]; then
			echo "no fixture '$fx' in $fixtures_dir" >>"$log"
			failed=1
		else
			cp -pR "$fixtures_dir/$fx/." "$work/"
		fi
	fi
	for f in "$case"/* "$case"/.[!.]*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		b=$(basename "$f")
		[[ $b =~ $meta_re ]] && continue
		cp -pR "$f" "$work/"
	done

	# 2. environment variables for the command (env file: NAME=VALUE lines)
	envs=()
	if [ -f "$case/env" ]; then
		while IFS= read -r line || [ -n "$line" ]; do
			case $line in '' | '#'*) continue ;; esac
			envs+=("$line")
		done <"$case/env"
	fi

	# hooks see these, plus the helpers of lib.sh
	export CASE_DIR=$case CASE_TMP=$tmp CASE_WORK=$work

	# 3. before.sh (exit 77: skip the case)
	if [ $failed -eq 0 ] && [ -f "$case/before.sh" ]; then
		(cd "$work" && bash -c 'set -e; . "$1"; . "$2"' before.sh "$lib" "$case/before.sh") \
			>>"$log" 2>&1
		brc=$?
		if [ $brc -eq 77 ]; then
			skip=$(tail -n 1 "$log")
		elif [ $brc -ne 0 ]; then
			echo "before.sh failed with status $brc" >>"$log"
			failed=1
		fi
	fi

	# 4. unprivileged: as root, run the command as nobody (permissions matter)
	runas=()
	if [ $failed -eq 0 ] && [ -z "$skip" ] && [ -f "$case/unprivileged" ] && [ "$(id -u)" = 0 ]; then
		runas=(setpriv --reuid=65534 --regid=65534 --clear-groups)
		if command -v setpriv >/dev/null 2>&1 && "${runas[@]}" test -x "$CLERK"; then
			chmod 755 "$tmp" "$work"
		else
			skip="cannot run clerk as an unprivileged user (setpriv)"
		fi
	fi

	if [ $failed -eq 0 ] && [ -z "$skip" ]; then
		# 5. the command: the line of `cmd`, split (and unquoted) by the shell
		line=$(head -n 1 "$case/cmd")
		args=()
		eval "args=($line)"
		# shellcheck disable=SC2086
		(cd "$work" && exec ${runas[@]+"${runas[@]}"} timeout "$case_timeout" env ${envs[@]+"${envs[@]}"} ${CLERK_WRAPPER:-} \
			"$CLERK" ${args[@]+"${args[@]}"} \
			>"$tmp/out.raw" 2>"$tmp/err.raw" </dev/null)
		rc=$?
		# absolute paths of the temporary directory are written as @WORK@
		sed "s|$work|@WORK@|g" "$tmp/out.raw" >"$tmp/out"
		sed "s|$work|@WORK@|g" "$tmp/err.raw" >"$tmp/err"
		echo "$rc" >"$tmp/rc"
		export RC=$rc OUT=$tmp/out ERR=$tmp/err

		# 6. compare (or record)
		for k in out err rc; do
			exp=$case/expected.$k
			if [ "${UPDATE:-}" = 1 ]; then
				if ! cmp -s "$tmp/$k" "$exp" 2>/dev/null; then
					cp "$tmp/$k" "$exp"
					echo "updated expected.$k" >>"$log"
				fi
				continue
			fi
			if [ ! -f "$exp" ]; then
				echo "missing expected.$k; actual:" >>"$log"
				cat "$tmp/$k" >>"$log"
				failed=1
			elif ! cmp -s "$exp" "$tmp/$k"; then
				diff -u --label "expected.$k" --label "actual.$k" "$exp" "$tmp/$k" >>"$log"
				failed=1
			fi
		done

		# 7. after.sh: assertions on the files on disk (exit 77: skip)
		if [ -f "$case/after.sh" ]; then
			(cd "$work" && bash -c 'set -e; . "$1"; . "$2"' after.sh "$lib" "$case/after.sh") \
				>"$tmp/after.log" 2>&1
			arc=$?
			if [ $arc -eq 77 ]; then
				[ $failed -eq 0 ] && skip=$(tail -n 1 "$tmp/after.log")
			elif [ $arc -ne 0 ]; then
				echo "after.sh failed with status $arc:" >>"$log"
				cat "$tmp/after.log" >>"$log"
				failed=1
			fi
		fi
	fi

	if [ $failed -ne 0 ]; then
		echo "not ok $n - $name"
		comment <"$log"
	elif [ -n "$skip" ]; then
		echo "ok $n - $name # SKIP ${skip:-skipped}"
	else
		echo "ok $n - $name"
		[ "${UPDATE:-}" = 1 ] && [ -s "$log" ] && comment <"$log"
	fi
	if [ "${KEEP:-}" = 1 ]; then
		echo "# kept $tmp"
	else
		chmod -R u+rwX "$tmp" 2>/dev/null
		rm -rf "$tmp"
	fi
done
exit 0
