#!/bin/bash
# tests/lang/keys.sh - the translators' tables (lang/*.tsv): every language
# has exactly the keys of en.tsv, each once, none empty, and every {N} of an
# English text is in each translation; scripts/lang-gen.sh refuses a table
# that lacks a key, adds one, repeats one or has no TAB, naming FILE:LINE (TAP).
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
gen=$top_srcdir/scripts/lang-gen.sh
langs=("$top_srcdir"/lang/en.tsv "$top_srcdir"/lang/de.tsv "$top_srcdir"/lang/lv.tsv)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $1"; [ -s "$tmp/err" ] && sed 's/^/# /' "$tmp/err"; }
echo "1..8"

keys() { grep -v '^#' "$1" | grep -v '^[[:space:]]*$' | cut -f1 | LC_ALL=C sort; }
same=1
for f in "${langs[@]}"; do
	if [ "$(keys "$f")" != "$(keys "${langs[0]}")" ]; then
		same=0
		diff <(keys "${langs[0]}") <(keys "$f") | sed 's/^/# /'
	fi
done
[ $same = 1 ] && ok "every language has exactly the keys of en" || not_ok "the languages' keys differ"

holes=0
while IFS=$'\t' read -r key text; do
	for p in $(grep -o '{[1-9]}' <<<"$text"); do
		for f in "${langs[@]}"; do
			grep -q "^$key	.*$p" "$f" || { echo "# $f: $key lacks $p"; holes=1; }
		done
	done
done < <(grep -v '^#' "${langs[0]}" | grep -v '^[[:space:]]*$')
[ $holes = 0 ] && ok "every placeholder of en is in each translation" || not_ok "a translation lacks a placeholder"

if sh "$gen" "$tmp/t.h" "$tmp/t.c" "${langs[@]}" 2>"$tmp/err" && grep -q 'LANG_LV' "$tmp/t.h"; then
	ok "the tables turn into C"
else
	not_ok "the tables do not turn into C"
fi
sh "$gen" "$tmp/u.h" "$tmp/u.c" "${langs[@]}" 2>/dev/null
cmp -s "$tmp/t.c" "$tmp/u.c" && ok "the same tables give the same C" || not_ok "the C differs from run to run"

refused() { # name, expected message, table lines for de
	cp "$top_srcdir/lang/de.tsv" "$tmp/de.tsv"
	eval "$3"
	rm -f "$tmp/x.h" "$tmp/x.c"
	if sh "$gen" "$tmp/x.h" "$tmp/x.c" "${langs[0]}" "$tmp/de.tsv" 2>"$tmp/err"; then
		not_ok "$1: accepted"
	elif grep -q "$2" "$tmp/err" && [ ! -e "$tmp/x.c" ]; then
		ok "$1: refused"
	else
		not_ok "$1: refused without saying '$2'"
	fi
}
refused "a missing key" "de.tsv: error: key settled of .*en.tsv is missing" "sed -i '/^settled	/d' \"\$tmp/de.tsv\""
refused "an extra key" "de.tsv:[0-9]*: error: key no_such_key is not in" "printf 'no_such_key\tx\n' >>\"\$tmp/de.tsv\""
refused "a key twice" "error: key balance given twice" "printf 'balance\tx\n' >>\"\$tmp/de.tsv\""
refused "a line without TAB" "error: no TAB between the key and the text" "printf 'balance x\n' >>\"\$tmp/de.tsv\""
exit 0
