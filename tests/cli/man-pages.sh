#!/bin/bash
# tests/cli/man-pages.sh - the installed documentation agrees with the program (TAP):
# every command in 'clerk --help' has a page clerk-CMD(1) whose NAME line says
# what the command table says; every page renders with man -l (and, with
# groff, without a warning); and the options that 'clerk CMD --help' lists are
# exactly the ones the page's OPTIONS section describes, both ways.
# Pages are taken from the build tree (made from man/*.scd) or, in a release
# tarball built in place, from the source tree.
set -u
: "${CLERK:?set CLERK to the clerk binary}"
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
if ! command -v man >/dev/null 2>&1; then
	echo "1..0 # SKIP man is not installed (Debian package man-db)"
	exit 0
fi

page_path() { # NAME.SECTION -> path, or nothing
	local p
	for p in "$top_builddir/man/$1" "$top_srcdir/man/$1"; do
		if [ -f "$p" ]; then
			echo "$p"
			return
		fi
	done
}
render() { MANWIDTH=250 man -l "$1" 2>/dev/null | col -bx; }
# the option names (-x, --long) at the start of each option line of a --help
help_options() {
	"$CLERK" "$1" --help | grep -E '^ {2,6}-' |
		awk '{ for (i = 1; i <= NF && $i ~ /^-/; i++) { sub(/,$/, "", $i); print $i } }' | sort -u
}
# the option names of the terms of a rendered page's OPTIONS section
page_options() {
	render "$1" | awk '/^OPTIONS/ { on = 1; next } /^[^ ]/ { on = 0 }
		on && /^       -/ { for (i = 1; i <= NF && $i ~ /^-/; i++) { sub(/,$/, "", $i); print $i } }' | sort -u
}
# the NAME section's text after "clerk-CMD - ", on one line
page_summary() {
	render "$1" | awk '/^NAME/ { on = 1; next } /^[^ ]/ { on = 0 } on' | tr -s ' \n' '  ' |
		sed -e 's/^ *[^ ]* - //' -e 's/ *$//' -e 's/‐ //g'
}

commands=$("$CLERK" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
ncmd=$(echo "$commands" | wc -w)
if [ "$ncmd" -lt 10 ]; then
	echo "1..1"
	echo "not ok 1 - could not read the command list from 'clerk --help' ($ncmd commands)"
	exit 0
fi
echo "1..$((ncmd * 3 + 3))"
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }

check_renders() { # PAGE-FILE NAME
	local out warn
	out=$(render "$1")
	if [ -z "$out" ] || ! grep -q '^NAME' <<<"$out"; then
		notok "$2 renders with man -l"
		return
	fi
	if command -v groff >/dev/null 2>&1; then
		warn=$(groff -man -Tutf8 -ww -z "$1" 2>&1)
		if [ -n "$warn" ]; then
			notok "$2 renders without warnings"
			printf '# %s\n' "$warn"
			return
		fi
	fi
	ok "$2 renders with man -l"
}

for name in clerk.1 clerk-journal.5; do
	p=$(page_path "$name")
	if [ -z "$p" ]; then notok "$name exists"; else check_renders "$p" "$name"; fi
done
# clerk(1) names every command's page
p=$(page_path clerk.1)
missing=""
for c in $commands; do
	if [ -z "$p" ] || ! render "$p" | grep -q "clerk-$c(1)"; then missing="$missing $c"; fi
done
if [ -z "$missing" ]; then ok "clerk(1) lists every command"; else notok "clerk(1) does not list:$missing"; fi

for c in $commands; do
	p=$(page_path "clerk-$c.1")
	if [ -z "$p" ]; then
		notok "clerk-$c(1) exists"
		notok "clerk-$c(1) NAME (no page)"
		notok "clerk-$c(1) options (no page)"
		continue
	fi
	check_renders "$p" "clerk-$c(1)"
	want=$("$CLERK" --help | awk -v c="$c" '$1 == c { $1 = ""; sub(/^ /, ""); print }')
	got=$(page_summary "$p")
	if [ "$want" = "$got" ]; then
		ok "clerk-$c(1) NAME says what 'clerk --help' says"
	else
		notok "clerk-$c(1) NAME says '$got', 'clerk --help' says '$want'"
	fi
	h=$(help_options "$c")
	m=$(page_options "$p")
	if [ -z "$h" ]; then
		notok "clerk $c --help lists no option (cannot compare)"
	elif [ "$h" = "$m" ]; then
		ok "clerk-$c(1) and 'clerk $c --help' list the same options ($(echo $h))"
	else
		notok "clerk-$c(1) and 'clerk $c --help' differ"
		diff <(echo "$h") <(echo "$m") | sed -n 's/^</# only in --help:/p; s/^>/# only in the page:/p'
	fi
done
exit 0
