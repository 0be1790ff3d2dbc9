#!/bin/bash
# tests/cli/durability-run.sh - kill `clerk run` at every crash point and
# check that the books are exactly as before or exactly as after the run,
# that running again finishes the job with the same books, reports, pack
# and archive as an uninterrupted run, that a second run posts nothing, and
# that two runs at once do not both write (TAP).
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
if ! "$CLERK" --help 2>&1 | grep -q '^  run '; then
	echo "1..0 # SKIP clerk has no run command"
	exit 0
fi
fixture=$top_srcdir/fixtures/demo
# every crash point of a run on the demo week, in the order they are reached;
# NAME#N is the Nth time the run reaches NAME (pack:write: each write of the
# pack streamed into its temporary file, the first, in the middle of its
# members and near its end)
points=(
	prepare-placeholder:before-rename
	prepare-placeholder:after-rename
	prepare-root:before-rename
	prepare-root:after-rename
	commit:start
	commit:before-rename
	commit:after-rename
	run:after-commit
	run-output:before-rename
	run-output:after-rename#5
	run-output:before-rename#12
	run-output:after-rename#20
	run:after-outputs
	pack:write
	pack:write#30
	pack:write#100
	pack:write#200
	pack:before-rename
	pack:after-rename
	run:after-pack
	run:archived-one
	run:archived-one#3
)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-durrun.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { if eval "$2"; then ok "$1"; else notok "$1" "command: $2"; fi; }
run() { "$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28; }

echo "1..$((${#points[@]} * 6 + 7 * 4 + 11 + 2 + 13 + 11 + 7))"

# the uninterrupted run
cp -r "$fixture" "$tmp/ref"
(cd "$tmp/ref" && "$CLERK" balance -O csv -f books.journal) >"$tmp/before.csv"
(cd "$tmp/ref" && run) >/dev/null 2>&1
check "the uninterrupted run ends with exceptions for a person (5)" "[ $? -eq 5 ]"
(cd "$tmp/ref" && "$CLERK" balance -O csv -f books.journal) >"$tmp/after.csv"
(cd "$tmp/ref" && tree_listing) >"$tmp/ref.listing"
check "the run posted" "! cmp -s '$tmp/before.csv' '$tmp/after.csv'"

for p in "${points[@]}"; do
	w="$tmp/w-${p//[:#]/-}"
	cp -r "$fixture" "$w"
	(cd "$w" && CLERK_FAULT=$p run) >/dev/null 2>&1
	check "$p: killed by SIGKILL" "[ $? -eq 137 ]"
	check "$p: the books still check" "(cd '$w' && '$CLERK' check -q -f books.journal)"
	(cd "$w" && "$CLERK" balance -O csv -f books.journal) >"$w.csv"
	check "$p: the books are as before or as after the run" \
		"cmp -s '$w.csv' '$tmp/before.csv' || cmp -s '$w.csv' '$tmp/after.csv'"
	(cd "$w" && run) >"$w.out" 2>&1
	rc=$?
	check "$p: the rerun finishes with the uninterrupted night's status (5)" "[ $rc -eq 5 ]"
	(cd "$w" && tree_listing) >"$w.listing"
	check "$p: books, reports, pack and archive are those of the uninterrupted run" \
		"diff '$w.listing' '$tmp/ref.listing' >&2"
	check "$p: no temporary files left" "[ -z \"\$(find '$w' -name '.*.tmp.*')\" ]"
done

# a full disk at the Nth file write: a clear error, nothing half-written, and
# the next run (with room again) finishes the same job
for nth in 1 2 3 4 10 25 26; do
	w="$tmp/enospc-$nth"
	cp -r "$fixture" "$w"
	(cd "$w" && CLERK_FAULT="write:enospc#$nth" run) >/dev/null 2>"$w.err"
	rc=$?
	check "full disk at write $nth: exit 3 with the reason" "[ $rc -eq 3 ] && grep -q 'No space left on device' '$w.err'"
	(cd "$w" && "$CLERK" balance -O csv -f books.journal) >"$w.csv"
	check "full disk at write $nth: the books are as before or as after the run" \
		"cmp -s '$w.csv' '$tmp/before.csv' || cmp -s '$w.csv' '$tmp/after.csv'"
	check "full disk at write $nth: no temporary files left" "[ -z \"\$(find '$w' -name '.*.tmp.*')\" ]"
	(cd "$w" && run) >/dev/null 2>&1
	(cd "$w" && tree_listing) >"$w.listing"
	check "full disk at write $nth: the next run gives the uninterrupted result" "diff '$w.listing' '$tmp/ref.listing' >&2"
done

# the same night again: nothing posted, and it says so
out=$(cd "$tmp/ref" && "$CLERK" run -f books.journal --inbox inbox --out out --date 2026-11-28 2>&1)
check "a second run exits with the night's status (5)" "[ $? -eq 5 ]"
check "a second run says it posted nothing" "printf '%s' \"\$out\" | grep -q 'nothing posted'"
(cd "$tmp/ref" && tree_listing) >"$tmp/ref2.listing"
check "a second run changes no file" "cmp -s '$tmp/ref.listing' '$tmp/ref2.listing'"
# the same statements delivered again are recognised and archived, posting nothing
cp "$fixture"/inbox/*.xml "$tmp/ref/inbox/"
out=$(cd "$tmp/ref" && "$CLERK" run -f books.journal --inbox inbox --out out --date 2026-11-28 2>&1)
check "statements delivered again are archived, nothing posted" \
	"printf '%s' \"\$out\" | grep -q 'nothing posted' && [ -z \"\$(ls '$tmp/ref/inbox')\" ]"
# one delivered again under another name: a second run of the day, posting nothing new
cp "$fixture"/inbox/2026-11-25-camt053.xml "$tmp/ref/inbox/again.xml"
out=$(cd "$tmp/ref" && "$CLERK" run -f books.journal --inbox inbox --out out --date 2026-11-28 2>&1)
check "statements imported again post nothing" \
	"printf '%s' \"\$out\" | grep -q '0 movements posted' && [ \"\$(ls '$tmp/ref/posted' | wc -l)\" = 2 ]"
check "... and the second run's pack chains to the first" \
	"'$CLERK' verify '$tmp/ref/out/packs/clerk-2026-11-28.2.zip' --previous '$tmp/ref/out/packs/clerk-2026-11-28.zip' >/dev/null"

# a second writer stops at once, changing nothing
cp -r "$fixture" "$tmp/lock"
(cd "$tmp/lock" && tree_listing) >"$tmp/lock.before"
(
	cd "$tmp/lock" || exit 1
	exec 9>>books.journal.lock
	flock -n 9 || exit 1
	run >/dev/null 2>"$tmp/lock.err"
	echo $? >"$tmp/lock.rc"
)
check "a run while the books are locked exits 4" "[ \"\$(cat '$tmp/lock.rc')\" = 4 ] && grep -q 'locked' '$tmp/lock.err'"
(cd "$tmp/lock" && tree_listing) >"$tmp/lock.after"
check "... and changes nothing" "cmp -s '$tmp/lock.before' '$tmp/lock.after'"

# two runs started together: one does the work, the other stops or finds it done
cp -r "$fixture" "$tmp/par"
(cd "$tmp/par" && run >/dev/null 2>&1; echo $? >"$tmp/par1.rc") &
(cd "$tmp/par" && run >/dev/null 2>&1; echo $? >"$tmp/par2.rc") &
wait
rcs="$(cat "$tmp/par1.rc") $(cat "$tmp/par2.rc")"
(cd "$tmp/par" && tree_listing) >"$tmp/par.listing"
check "two runs at once: one posts (5), the other exits 4 or finds it done (5) ($rcs)" \
	"case '$rcs' in '5 4'|'4 5'|'5 5') true;; *) false;; esac && diff '$tmp/par.listing' '$tmp/ref.listing' >&2"

# a night with a statement set aside and odd inbox entries (a symbolic link,
# a FIFO, a folder, a name with a control character): killed at every point,
# the rerun gives the files of the uninterrupted night, byte for byte, with
# one pack, every reason and every entry recorded
odd() {
	cp -r "$fixture" "$1"
	head -c 2000 "$1/inbox/2026-11-26-camt053.xml" >"$1/inbox/broken.xml"
	ln -s ../books.journal "$1/inbox/link.xml"
	mkfifo "$1/inbox/pipe.xml"
	mkdir "$1/inbox/folder.xml"
	cp "$1/inbox/2026-11-27-camt053.xml" "$1/inbox/$(printf 'bell\a.xml')"
}
odd "$tmp/oddref"
(cd "$tmp/oddref" && run) >/dev/null 2>&1
check "odd inbox: the uninterrupted night ends with exceptions (5)" "[ $? -eq 5 ]"
(cd "$tmp/oddref" && tree_listing) >"$tmp/oddref.listing"
check "odd inbox: every entry set aside is recorded" \
	"[ \"\$(cut -f2 '$tmp/oddref/out/2026-11-28/inbox.tsv' | sort | uniq -c | awk '{ printf \"%s=%s \", \$2, \$1 }')\" = 'left=4 refused=1 status=1 taken=5 ' ] &&
	 [ \"\$(wc -l <'$tmp/oddref/out/2026-11-28/refused.txt')\" = 5 ] &&
	 grep -q 'bell.x07.xml: its name cannot be kept' '$tmp/oddref/out/2026-11-28/exceptions.txt' &&
	 [ -f '$tmp/oddref/out/refused/2026-11-28/broken.xml.reason.txt' ]"
# (the night holds its letters: fewer output files than the demo night writes)
oddpoints=(commit:start commit:after-rename run:after-commit run-output:before-rename
	run-output:after-rename#5 run:after-outputs refused:before-rename refused:after-rename
	pack:before-rename pack:after-rename run:after-pack run:archived-one run:archived-one#4)
for p in "${oddpoints[@]}"; do
	w="$tmp/odd-${p//[:#]/-}"
	odd "$w"
	(cd "$w" && CLERK_FAULT=$p run) >/dev/null 2>&1
	rc=$?
	(cd "$w" && run) >/dev/null 2>&1
	rc2=$?
	(cd "$w" && tree_listing) >"$w.listing"
	check "odd inbox, $p: killed ($rc), the rerun gives the uninterrupted night (5) with one pack" \
		"[ $rc -eq 137 ] && [ $rc2 -eq 5 ] && diff '$w.listing' '$tmp/oddref.listing' >&2"
done

# a night with the demo's e-invoices beside its statements (5 posted, a
# duplicate taken, 2 held in the inbox, 1 refused): killed at points of the
# commit, the outputs, the set-aside file, the pack and the archive, the
# rerun gives the uninterrupted night byte for byte, the held bills still in
# the inbox
bills() {
	cp -r "$fixture" "$1"
	cp "$1"/bills-inbox/*.xml "$1/inbox/"
}
bills "$tmp/billref"
(cd "$tmp/billref" && run) >/dev/null 2>&1
check "bills: the uninterrupted night ends with bills held for a person (5)" "[ $? -eq 5 ]"
(cd "$tmp/billref" && tree_listing) >"$tmp/billref.listing"
check "bills: the held bills stay in the inbox, the refused one is set aside" \
	"[ \"\$(ls '$tmp/billref/inbox' | tr '\n' ' ')\" = '2026-11-26-druckwerk-DW-2026-1243.xml 2026-11-27-nordlicht-NL-5511.xml ' ] &&
	 [ -f '$tmp/billref/out/refused/2026-11-28/2026-11-28-druckwerk-DW-2026-1250.xml' ]"
billpoints=(commit:start commit:after-rename run:after-commit run-output:after-rename#5
	refused:after-rename pack:before-rename pack:after-rename run:archived-one
	run:archived-one#9)
for p in "${billpoints[@]}"; do
	w="$tmp/bill-${p//[:#]/-}"
	bills "$w"
	(cd "$w" && CLERK_FAULT=$p run) >/dev/null 2>&1
	rc=$?
	(cd "$w" && run) >/dev/null 2>&1
	rc2=$?
	(cd "$w" && tree_listing) >"$w.listing"
	check "bills, $p: killed ($rc), the rerun gives the uninterrupted night (5)" \
		"[ $rc -eq 137 ] && [ $rc2 -eq 5 ] && diff '$w.listing' '$tmp/billref.listing' >&2"
done

# a night with a payment run (clerk run --pay on the payment fixture): killed
# at points of the commit, the outputs and the pack, the rerun gives the
# uninterrupted night byte for byte, the pain.001 included, and pays nothing twice
payrun() { "$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-12-01 --pay; }
paybooks() { cp -r "$top_srcdir/fixtures/pay" "$1" && mkdir "$1/inbox"; }
paybooks "$tmp/payref"
(cd "$tmp/payref" && payrun) >/dev/null 2>&1
rc=$?
(cd "$tmp/payref" && tree_listing) >"$tmp/payref.listing"
check "pay: the uninterrupted night pays (0)" "[ $rc -eq 0 ] && [ -f '$tmp/payref/out/2026-12-01/payments/PAY-2026-12-01.xml' ]"
for p in commit:start commit:after-rename run:after-commit run-output:after-rename#3 pack:before-rename run:after-pack; do
	w="$tmp/pay-${p//[:#]/-}"
	paybooks "$w"
	(cd "$w" && CLERK_FAULT=$p payrun) >/dev/null 2>&1
	rc=$?
	(cd "$w" && payrun) >/dev/null 2>&1
	rc2=$?
	(cd "$w" && tree_listing) >"$w.listing"
	check "pay, $p: killed ($rc), the rerun gives the uninterrupted night (0), the same payment file" \
		"[ $rc -eq 137 ] && [ $rc2 -eq 0 ] && diff '$w.listing' '$tmp/payref.listing' >&2"
done
exit 0
