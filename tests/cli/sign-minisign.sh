#!/bin/bash
# tests/cli/sign-minisign.sh - clerk's keys and signatures against minisign
# itself (TAP): a key of `clerk keygen` signs a night and minisign verifies
# the pack and its MANIFEST; minisign reads clerk's secret key (-R gives the
# same public key); a key of `minisign -G -W` signs a night with clerk and
# both verify it; minisign's own signatures of the pack (prehashed and
# legacy) pass `clerk verify --pubkey`; and every tampered pack (a member,
# the MANIFEST, the signature, another key) is refused by both.
# Skipped when minisign is not installed (Debian package minisign).
# Environment: CLERK, top_srcdir (as run-cases.sh).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CLERK=${CLERK:-$top_builddir/src/clerk}
export LC_ALL=C TZ=UTC
unset CLERK_BOOKS CLERK_FAULT

if [ ! -x "$CLERK" ]; then
	echo "1..0 # SKIP clerk binary not found: $CLERK"
	exit 0
fi
if ! command -v minisign >/dev/null; then
	echo "1..0 # SKIP minisign is not installed (apt-get install minisign)"
	exit 0
fi
if ! command -v zip >/dev/null || ! command -v unzip >/dev/null; then
	echo "1..0 # SKIP zip and unzip are needed to tamper with packs"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/clerk-sign.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; shift; for l in "$@"; do echo "# $l"; done; }
check() { if (eval "$2") >"$tmp/c.log" 2>&1; then ok "$1"; else notok "$1" "command: $2" "$(cat "$tmp/c.log")"; fi; }
# refused NAME STATUS PACK PUB: clerk verify exits STATUS and minisign refuses the pack too
refused() {
	local rc=0
	"$CLERK" verify --pubkey "$4" "$3" >"$tmp/v.out" 2>"$tmp/v.err" || rc=$?
	if [ $rc -ne "$2" ] || [ -s "$tmp/v.out" ]; then
		notok "$1" "clerk verify: exit $rc, expected $2" "$(cat "$tmp/v.err")"
	elif minisign -Vm "$3" -p "$4" -q >/dev/null 2>&1; then
		notok "$1" "minisign accepts it"
	else
		ok "$1"
	fi
}
# night DIR KEY: the demo night in DIR, signed with KEY
night() {
	mkdir -p "$1" && cp -r "$top_srcdir/fixtures/demo/." "$1" &&
		(cd "$1" && "$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign "$2"
		 [ $? -eq 5 ])
}
P=out/packs/clerk-2026-11-28.zip

cd "$tmp" || exit 1
"$CLERK" keygen --out clerk.key >keygen.out
check "clerk keygen names the key id of the public key" \
	'grep -qx "clerk keygen: key id $(sed -n "s/^untrusted comment: minisign public key //p" clerk.key.pub): secret key clerk.key (keep it owner-only), public key clerk.key.pub" keygen.out'
check "minisign -R makes the same public key from clerk's secret key" \
	'minisign -R -s clerk.key -p recreated.pub >/dev/null && [ "$(sed -n 2p recreated.pub)" = "$(sed -n 2p clerk.key.pub)" ]'
check "minisign signs with clerk's secret key, clerk's public key verifies it" \
	'echo data >f && minisign -S -s clerk.key -m f >/dev/null && minisign -Vm f -p clerk.key.pub -q'
night a "$tmp/clerk.key" || notok "the demo night signed with clerk's key"
check "minisign verifies the pack signed by clerk" "minisign -Vm a/$P -p clerk.key.pub -q"
check "minisign verifies the MANIFEST.minisig inside the pack" \
	"mkdir m && unzip -q -d m a/$P MANIFEST MANIFEST.minisig && minisign -Vm m/MANIFEST -p clerk.key.pub -q"
check "clerk verifies its own signatures" "'$CLERK' verify --pubkey clerk.key.pub a/$P >/dev/null"
check "the trusted comment names the pack, the night and the MANIFEST" \
	"minisign -Vm a/$P -p clerk.key.pub -Q | grep -qx 'clerk-pack file:clerk-2026-11-28.zip	date:2026-11-28	run:2026-11-28	manifest-sha256:[0-9a-f]\{64\}'"

minisign -G -W -p ms.pub -s ms.key >/dev/null
night b "$tmp/ms.key" || notok "the demo night signed with minisign's key"
check "clerk signs with a key of minisign -G -W; minisign verifies" "minisign -Vm b/$P -p ms.pub -q"
check "clerk verifies with minisign's public key" "'$CLERK' verify --pubkey ms.pub b/$P >/dev/null"
check "a signature minisign makes (prehashed) passes clerk verify" \
	"rm b/$P.minisig && minisign -S -s ms.key -m b/$P >/dev/null && '$CLERK' verify --pubkey ms.pub b/$P >/dev/null"
check "a legacy signature minisign makes (-l) passes clerk verify" \
	"minisign -S -l -s ms.key -m b/$P >/dev/null && '$CLERK' verify --pubkey ms.pub b/$P >/dev/null"
check "the same night and key give the same pack and signature, byte for byte" \
	"night c '$tmp/clerk.key' && cmp a/$P c/$P && cmp a/$P.minisig c/$P.minisig"

# tampering: each refused by clerk (with its status) and by minisign
refused "another key" 7 "a/$P" ms.pub
cp -r a t1 && (cd t1 && mkdir x && cd x && unzip -q ../$P && sed -i '2s/,/;/' decisions.csv && rm ../$P &&
	zip -q -X ../$P MANIFEST $(find . -type f ! -name 'MANIFEST*' | sed 's|^\./||' | LC_ALL=C sort) MANIFEST.minisig)
refused "one byte of a member" 1 "t1/$P" clerk.key.pub
cp -r a t2 && (cd t2 && mkdir x && cd x && unzip -q ../$P && sed -i '1s/clerk-pack: 1/clerk-pack: 2/' MANIFEST && rm ../$P &&
	zip -q -X ../$P MANIFEST $(find . -type f ! -name 'MANIFEST*' | sed 's|^\./||' | LC_ALL=C sort) MANIFEST.minisig)
refused "one byte of the MANIFEST" 1 "t2/$P" clerk.key.pub
check "one byte of the MANIFEST: its signature inside is refused by clerk and by minisign" \
	"grep -q 'MANIFEST.minisig: bad signature' '$tmp/v.err' && mkdir m2 && unzip -q -d m2 t2/$P MANIFEST MANIFEST.minisig && ! minisign -Vm m2/MANIFEST -p clerk.key.pub -q 2>/dev/null"
cp -r a t3 && awk 'NR==4 { c = substr($0, 10, 1); $0 = substr($0, 1, 9) (c == "A" ? "B" : "A") substr($0, 11) } { print }' a/$P.minisig >t3/$P.minisig
refused "one byte of the global signature (the trusted comment's)" 1 "t3/$P" clerk.key.pub
cp -r a t4 && sed -i '3s/run:2026-11-28/run:2026-11-29/' t4/$P.minisig
refused "the trusted comment changed" 1 "t4/$P" clerk.key.pub
cp -r a t5 && awk 'NR==2 { c = substr($0, 30, 1); $0 = substr($0, 1, 29) (c == "A" ? "B" : "A") substr($0, 31) } { print }' a/$P.minisig >t5/$P.minisig
refused "one byte of the signature" 1 "t5/$P" clerk.key.pub

echo "1..$n"
