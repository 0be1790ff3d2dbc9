#!/bin/bash
# tests/compat/run.sh - the hledger compatibility corpus (TAP; README.md).
# Each tests/compat/*.journal says in its first lines what must happen:
#   ; compat: agrees    clerk loads it, and 'clerk balance -O csv' has the
#                       same rows (account, commodity, amount) as hledger's
#                       'bal' (amounts compared as numbers, so display
#                       precision does not count);
#   ; compat: refused   clerk balance exits 1 and its errors are exactly
#   ; expect: MESSAGE   the '; expect:' lines, one error each, in order.
set -u
: "${CLERK:?set CLERK to the clerk binary}"
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
dir=$top_srcdir/tests/compat
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# account,commodity,amount with the amount as a plain number: no trailing
# zeros after the decimal point, no '-0'
normalize() {
	awk -F, -v OFS=, '{
		a = $NF
		if (a ~ /\./) { sub(/0+$/, "", a); sub(/\.$/, "", a) }
		if (a == "-0") a = "0"
		$NF = a
		print
	}' | LC_ALL=C sort
}
clerk_rows() {
	"$CLERK" balance -f "$1" -O csv | tail -n +2 | normalize
	return "${PIPESTATUS[0]}"
}
# hledger's bare CSV has no digit grouping: its one mark is the decimal mark
hledger_rows() {
	LC_ALL=C.UTF-8 hledger -f "$1" bal --layout=bare -O csv -N | tail -n +2 |
		sed -e 's/^"//' -e 's/"$//' -e 's/","/\t/g' |
		awk -F'\t' -v OFS=, '{ gsub(/,/, ".", $3); print $1, $2, $3 }' | normalize
	return "${PIPESTATUS[0]}"
}

files=("$dir"/*.journal)
echo "1..${#files[@]}"
n=0
for f in "${files[@]}"; do
	n=$((n + 1))
	name=$(basename "$f")
	kind=$(sed -n 's/^\xef\xbb\xbf//; s/\r$//; s/^; compat: //p' "$f" | head -n 1)
	case $kind in
	agrees)
		if ! c=$(clerk_rows "$f" 2>"$tmp/err"); then
			echo "not ok $n - $name: clerk refuses it"
			sed 's/^/# /' "$tmp/err"
			continue
		fi
		if [ -z "$c" ]; then
			echo "not ok $n - $name: clerk balance printed no rows"
			continue
		fi
		if ! command -v hledger >/dev/null 2>&1; then
			echo "ok $n # SKIP $name: hledger is not installed (clerk loads it)"
			continue
		fi
		if ! h=$(hledger_rows "$f" 2>"$tmp/err"); then
			echo "not ok $n - $name: hledger refuses it"
			sed 's/^/# /' "$tmp/err"
			continue
		fi
		if [ "$c" = "$h" ]; then
			echo "ok $n - $name: clerk and hledger agree ($(echo "$c" | wc -l) rows)"
		else
			echo "not ok $n - $name: clerk and hledger differ"
			diff -u --label clerk --label hledger <(echo "$c") <(echo "$h") | sed 's/^/# /'
		fi
		;;
	refused)
		"$CLERK" balance -f "$f" >/dev/null 2>"$tmp/err"
		rc=$?
		sed -n 's/^.*: error: //p' "$tmp/err" >"$tmp/got"
		sed -n 's/\r$//; s/^; expect: //p' "$f" >"$tmp/want"
		bad=""
		[ "$rc" -eq 1 ] || bad="exit status $rc, not 1"
		if [ "$(wc -l <"$tmp/got")" -ne "$(wc -l <"$tmp/want")" ]; then
			bad="${bad:+$bad; }$(wc -l <"$tmp/got") errors, $(wc -l <"$tmp/want") expected"
		fi
		while IFS= read -r -u 3 want && IFS= read -r -u 4 got; do
			case $got in
			"$want"*) ;;
			*) bad="${bad:+$bad; }'$got' where '$want' was expected" ;;
			esac
		done 3<"$tmp/want" 4<"$tmp/got"
		if [ -z "$bad" ]; then
			echo "ok $n - $name: refused, saying why ($(wc -l <"$tmp/want") errors)"
		else
			echo "not ok $n - $name: $bad"
			sed 's/^/# /' "$tmp/err"
		fi
		;;
	*)
		echo "not ok $n - $name: no '; compat: agrees' or '; compat: refused' line"
		;;
	esac
done
exit 0
