#!/bin/bash
# tests/cli/verify-run.sh - end to end: run the demo week, then check that
# `clerk verify` accepts the pack and names each fault of a tampered one:
# a changed byte, a removed member, an added member, a broken chain, a
# changed input, books that differ from what the run posted (TAP).
# Environment: CLERK, top_srcdir (as run-cases.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CLERK=${CLERK:-$top_builddir/src/clerk}
export CLERK top_srcdir top_builddir LC_ALL=C TZ=UTC
unset CLERK_BOOKS CLERK_FAULT

if [ ! -x "$CLERK" ]; then
	echo "1..0 # SKIP clerk binary not found: $CLERK"
	exit 0
fi
if ! command -v zip >/dev/null || ! command -v unzip >/dev/null; then
	echo "1..0 # SKIP zip and unzip are needed to tamper with packs"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-verify.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { if eval "$2"; then ok "$1"; else notok "$1" "command: $2"; fi; }
# verify_fails NAME PACK ARGS... PATTERN: exit 1 and a message matching PATTERN on stderr
verify_fails() {
	local name=$1 pattern=${*: -1}
	shift
	local args=("${@:1:$#-1}")
	"$CLERK" verify "${args[@]}" >"$tmp/v.out" 2>"$tmp/v.err"
	local rc=$?
	if [ $rc -eq 1 ] && grep -q -- "$pattern" "$tmp/v.err"; then
		ok "$name"
	else
		notok "$name" "exit $rc, expected 1 and /$pattern/ on stderr:" "$(cat "$tmp/v.err")"
	fi
}

echo "1..14"
cp -r "$top_srcdir/fixtures/demo" "$tmp/before"
cp -r "$top_srcdir/fixtures/demo" "$tmp/w"
cd "$tmp/w" || exit 1
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28
check "the demo night runs (exit 5: exceptions for a person)" "[ $? -eq 5 ]"
pack=out/packs/clerk-2026-11-28.zip
check "verify accepts the pack" "'$CLERK' verify $pack >/dev/null"
check "verify -f re-runs it on the books before the run: the same members" \
	"'$CLERK' verify $pack -f '$tmp/before/books.journal' | grep -q 're-run.*the same'"
check "verify -f on the books after the run: the same, and the books hold what it posted" \
	"'$CLERK' verify $pack -f books.journal | grep -q 'the books hold the posted transactions'"

# a second night, chained to the first
cp "$top_srcdir/fixtures/demo/inbox/2026-11-27-camt053.xml" inbox/late.xml
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-29 >/dev/null
pack2=out/packs/clerk-2026-11-29.zip
check "the next night's pack chains to the first" "'$CLERK' verify $pack2 --previous $pack >/dev/null"

# a changed byte: in the stored data of a member (the byte 200 from the end of the MANIFEST's data)
cp $pack "$tmp/byte.zip"
off=$(($(unzip -lv "$tmp/byte.zip" >/dev/null; stat -c %s "$tmp/byte.zip") / 2))
orig=$(od -An -tu1 -j$off -N1 "$tmp/byte.zip" | tr -d ' ')
printf "$(printf '\\%03o' $(((orig + 1) % 256)))" | dd of="$tmp/byte.zip" bs=1 seek=$off conv=notrunc 2>/dev/null
verify_fails "a changed byte is found and named" "$tmp/byte.zip" "verify: .*byte.zip: [a-z].*: "

# a removed member
cp $pack "$tmp/removed.zip"
zip -q -d "$tmp/removed.zip" collections.csv
verify_fails "a removed member is named" "$tmp/removed.zip" "collections.csv"

# an added member
cp $pack "$tmp/added.zip"
(cd "$tmp" && echo extra >note.txt && zip -q added.zip note.txt)
verify_fails "an added member is named" "$tmp/added.zip" "note.txt"

# a member replaced, manifest and all rewritten to match: only the chain and the re-run can tell
mkdir "$tmp/x" && (cd "$tmp/x" && unzip -q "$tmp/w/$pack")
sed -i 's/^Alster Café GmbH,.*/Alster Café GmbH,forged/' "$tmp/x/aging-receivables.csv"
sum=$(sha256sum <"$tmp/x/aging-receivables.csv" | cut -c1-64)
size=$(stat -c %s "$tmp/x/aging-receivables.csv")
sed -i "s/^[0-9a-f]\{64\}  [0-9]*  aging-receivables.csv\$/$sum  $size  aging-receivables.csv/" "$tmp/x/MANIFEST"
(cd "$tmp/x" && zip -q -X -r "$tmp/forged.zip" MANIFEST $(find . -type f ! -name MANIFEST | sed 's|^\./||' | sort))
check "a consistently forged pack passes the hash check alone" "'$CLERK' verify '$tmp/forged.zip' >/dev/null"
verify_fails "... but the next pack's chain names it" "$pack2" --previous "$tmp/forged.zip" "previous"
verify_fails "... and the re-run names the forged member" "$tmp/forged.zip" -f "$tmp/before/books.journal" "aging-receivables.csv: differs"

# a changed input statement, rewritten consistently: the re-run shows the consequences
rm -rf "$tmp/x" && mkdir "$tmp/x" && (cd "$tmp/x" && unzip -q "$tmp/w/$pack")
sed -i 's/Jan Petersen/Jan Peterson/' "$tmp/x/inputs/2026-11-25-camt053.xml"
(cd "$tmp/x" && zip -q -X -r "$tmp/input.zip" MANIFEST $(find . -type f ! -name MANIFEST | sed 's|^\./||' | sort))
verify_fails "a changed input is found by its hash" "$tmp/input.zip" "inputs/2026-11-25-camt053.xml"

# the books changed after the run: their posted file no longer matches the pack
cp -r "$tmp/w" "$tmp/w2"
f=$(ls "$tmp"/w2/posted/*-run-*.journal | head -1)
sed -i 's/Jan Petersen/Somebody Else/' "$f"
verify_fails "books whose posted file was altered are named" "$tmp/w2/$pack" -f "$tmp/w2/books.journal" "differs from the pack's posted.journal"

# a broken chain: the second pack checked against another night's pack of the same date
cp -r "$top_srcdir/fixtures/demo" "$tmp/other"
rm "$tmp"/other/inbox/2026-11-2[4-7]-camt053.xml
(cd "$tmp/other" && "$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 >/dev/null)
verify_fails "a broken chain is reported" "$pack2" --previous "$tmp/other/$pack" "previous"
exit 0
