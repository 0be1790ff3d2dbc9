#!/bin/bash
# tests/cli/durability-import.sh - kill `clerk import` at every crash point
# of its commit and check that the books are exactly as before or exactly as
# after, that re-running finishes the job with the same files as an
# uninterrupted run, and that re-running an import posts nothing (TAP).
# Environment: CLERK, top_srcdir (as run-cases.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CLERK=${CLERK:-$top_builddir/src/clerk}
export CLERK top_srcdir top_builddir LC_ALL=C TZ=UTC
unset CLERK_BOOKS CLERK_FAULT
# shellcheck source=tests/cli/lib.sh
. "$top_srcdir/tests/cli/lib.sh"

if [ ! -x "$CLERK" ]; then
	echo "1..0 # SKIP clerk binary not found: $CLERK"
	exit 0
fi
fixture=$top_srcdir/tests/cli/fixtures/bank
points=(
	prepare-placeholder:before-rename
	prepare-placeholder:after-rename
	prepare-root:before-rename
	prepare-root:after-rename
	commit:start
	commit:before-rename
	commit:after-rename
)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-durimp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { if eval "$2"; then ok "$1"; else notok "$1" "command: $2"; fi; }

echo "1..$((${#points[@]} * 5 + 4))"

# the uninterrupted run, and the balance before it
cp -r "$fixture" "$tmp/ref"
(cd "$tmp/ref" && "$CLERK" balance -O csv -f books.journal) >"$tmp/before.csv"
(cd "$tmp/ref" && "$CLERK" import -q -f books.journal s1-053.xml s2-053.xml) || true
(cd "$tmp/ref" && "$CLERK" balance -O csv -f books.journal) >"$tmp/after.csv"
(cd "$tmp/ref" && tree_listing) >"$tmp/ref.listing"

for p in "${points[@]}"; do
	w="$tmp/w-${p//:/-}"
	cp -r "$fixture" "$w"
	(cd "$w" && CLERK_FAULT=$p "$CLERK" import -q -f books.journal s1-053.xml s2-053.xml) >/dev/null 2>&1
	check "$p: killed by SIGKILL" "[ $? -eq 137 ]"
	check "$p: the books still check" "(cd '$w' && '$CLERK' check -q -f books.journal)"
	(cd "$w" && "$CLERK" balance -O csv -f books.journal) >"$w.csv"
	check "$p: balance is the one before or the one after" \
		"cmp -s '$w.csv' '$tmp/before.csv' || cmp -s '$w.csv' '$tmp/after.csv'"
	(cd "$w" && "$CLERK" import -q -f books.journal s1-053.xml s2-053.xml) >/dev/null 2>&1
	(cd "$w" && tree_listing) >"$w.listing"
	check "$p: the re-run leaves exactly the uninterrupted result" "cmp -s '$w.listing' '$tmp/ref.listing'"
	check "$p: no temporary files left" "[ -z \"\$(find '$w' -name '.*.tmp.*')\" ]"
done

# re-running the same night posts nothing and says so
out=$(cd "$tmp/ref" && "$CLERK" import -f books.journal s1-053.xml s2-053.xml 2>&1)
check "a second import posts nothing" "[ \$? -eq 0 ] && printf '%s' \"\$out\" | grep -q 'nothing new to import'"
(cd "$tmp/ref" && tree_listing) >"$tmp/ref2.listing"
check "a second import changes no file" "cmp -s '$tmp/ref.listing' '$tmp/ref2.listing'"

# a second writer stops at once, changing nothing
cp -r "$fixture" "$tmp/lock"
(
	cd "$tmp/lock" || exit 1
	exec 9>>books.journal.lock
	flock -n 9 || exit 1
	"$CLERK" import -q -f books.journal s1-053.xml >/dev/null 2>"$tmp/lock.err"
	echo $? >"$tmp/lock.rc"
)
check "a concurrent import exits 4 (books locked)" "[ \"\$(cat '$tmp/lock.rc')\" = 4 ] && grep -q 'locked' '$tmp/lock.err'"
check "a concurrent import changes nothing" "[ ! -e '$tmp/lock/posted' ]"
exit 0
