#!/bin/bash
# tests/cli/completion.sh - bash and zsh completion (completion/clerk.bash,
# completion/_clerk) complete what the program offers (TAP): commands,
# options from each command's --help, the choices of -O and --pain, account
# names from the books of -f or $CLERK_BOOKS (also after a ':'), folders for
# DIR options. The zsh part runs the completion function with zsh's
# completion builtins replaced by ones that print (skipped without zsh).
set -u
: "${CLERK:?set CLERK to the clerk binary}"
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/books/inbox" "$tmp/books/invoices"
ln -s "$CLERK" "$tmp/bin/clerk"
export PATH="$tmp/bin:$PATH"
cat >"$tmp/books/books.journal" <<'J'
account Assets:Bank:Operating  ; role: bank
account Assets:Receivable      ; role: receivable
account Assets:Receivable:Hafen Apotheke
account Income:Design

2026-01-05 sale
    Assets:Receivable:Hafen Apotheke  EUR 100.00
    Income:Design
J
touch "$tmp/books/in.xml"
cd "$tmp/books" || exit 1
unset CLERK_BOOKS

n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() { n=$((n + 1)); echo "not ok $n - $*"; }

# bash: COMPREPLY for a command line, sorted, on one line
bash_complete() {
	bash -c 'source "$1"; COMP_LINE=$2; COMP_POINT=${#COMP_LINE}; _clerk
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ "$top_srcdir/completion/clerk.bash" "$1"
}
check_bash() { # LINE EXPECTED
	local got
	got=$(bash_complete "$1")
	got=${got% }
	if [ "$got" = "$2" ]; then ok "bash: '$1' -> $2"; else notok "bash: '$1' -> '$got', expected '$2'"; fi
}

commands=$("$CLERK" --help | awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
ncmd=$(echo "$commands" | wc -w)
echo "1..$((19 + ncmd + 9))"

check_bash "clerk bal" "balance"
check_bash "clerk re" "receive register report"
check_bash "clerk help reg" "register"
check_bash "clerk balance --e" "--empty --end"
check_bash "clerk balance -O " "csv json text"
check_bash "clerk aging --output " "csv html json text"
check_bash "clerk camt -O " "csv json text"
check_bash "clerk import -O " "csv json text"
check_bash "clerk pay --output " "csv json text"
check_bash "clerk receive -O " "csv json text"
check_bash "clerk statement -O " "csv html json text"
check_bash "clerk pay --pain " "03 09"
check_bash "clerk aging --date " ""
check_bash "clerk register -f books.journal Inc" "Income Income:Design"
check_bash "clerk register --file books.journal Assets:Receivable:" 'Hafen\ Apotheke'
check_bash "clerk pay -f books.journal --from Assets:Bank:" "Operating"
CLERK_BOOKS=books.journal check_bash "clerk run --pay-from Assets:B" "Bank Bank:Operating"
check_bash "clerk run -f books.journal --inbox in" "inbox invoices"
check_bash "clerk import -f books.journal in" "in.xml inbox invoices"

# every command's options, as its --help lists them
for c in $commands; do
	want=$("$CLERK" "$c" --help | grep -E '^ {2,6}-' |
		awk '{ for (i = 1; i <= NF && $i ~ /^-/; i++) { sub(/,$/, "", $i); print $i } }' | sort | tr '\n' ' ')
	want=${want% }
	check_bash "clerk $c -" "$want"
done

# zsh
if ! command -v zsh >/dev/null 2>&1; then
	for i in 1 2 3 4 5 6 7 8 9; do
		n=$((n + 1))
		echo "ok $n # SKIP zsh is not installed"
	done
	exit 0
fi
zsh_complete() { # CURRENT WORD... -> what the function offered, sorted
	zsh -f -c '
		fpath=("$1/completion" $fpath)
		compadd() { local a; while (( $# )); do [[ $1 == -a ]] && { print -l -- ${(P)2}; shift; }; shift; done; }
		_describe() { print -l -- ${${(P)4}%%:*}; }
		_files() { [[ $1 == -/ ]] && print FOLDERS || print FILES; }
		_message() { print "MESSAGE $1"; }
		autoload -Uz _clerk
		CURRENT=$2; shift 2; words=("$@"); PREFIX=${words[CURRENT]}
		_clerk' _ "$top_srcdir" "$@" | grep -- "^${*: -1}\|^FILES\|^FOLDERS\|^MESSAGE" | sort | tr '\n' ' '
}
check_zsh() { # EXPECTED CURRENT WORD...
	local want=$1 got
	shift
	got=$(zsh_complete "$@")
	got=${got% }
	if [ "$got" = "$want" ]; then ok "zsh: '${*:2}' -> $want"; else notok "zsh: '${*:2}' -> '$got', expected '$want'"; fi
}
if zsh -n "$top_srcdir/completion/_clerk"; then ok "zsh: _clerk parses"; else notok "zsh: _clerk does not parse"; fi
check_zsh "balance" 2 clerk bal
check_zsh "--empty --end" 3 clerk balance --e
check_zsh "csv json text" 4 clerk balance -O ""
check_zsh "csv html json text" 4 clerk aging --output ""
check_zsh "csv json text" 4 clerk camt -O ""
check_zsh "csv html json text" 4 clerk statement -O ""
check_zsh "Assets:Receivable Assets:Receivable:Hafen Apotheke" 5 clerk register -f books.journal Assets:R
check_zsh "FOLDERS" 4 clerk run --inbox ""
exit 0
