# bash completion for clerk                                    -*- shell-script -*-
#
# Commands, each command's options and their values, and account names. The
# commands and options are read from 'clerk --help' and 'clerk CMD --help'
# each time, so that completion never drifts from the program; account names
# come from 'clerk accounts' on the books of -f/--file (or $CLERK_BOOKS).
# Works with or without the bash-completion package.

# _clerk_words: the words of the command line up to the cursor, split on
# blanks only (bash also splits at ':', which account names are full of).
_clerk_words() {
	local line=${COMP_LINE:0:COMP_POINT}
	read -ra _clerk_w <<<"$line"
	if [[ -z $line || $line == *[[:blank:]] ]]; then
		_clerk_w+=("")
	fi
}

# _clerk_options CLERK CMD: one line per option of 'clerk CMD --help':
# "NAME METAVAR ALL" for the short and the long name (METAVAR "-" for a
# switch; ALL the option's names joined by '|').
_clerk_options() {
	"$1" "$2" --help 2>/dev/null | awk 'match($0, /^ +-/) && RLENGTH <= 7 {
		n = 0; arg = ""
		for (i = 1; i <= NF && $i ~ /^-/; i++) { sub(/,$/, "", $i); names[++n] = $i }
		arg = "-"; if (i <= NF && $i ~ /^[A-Z][A-Z0-9._]*$/) arg = $i
		all = names[1]; for (j = 2; j <= n; j++) all = all "|" names[j]
		for (j = 1; j <= n; j++) print names[j], arg, all
	}'
}

# _clerk_accounts CLERK WORD...: the account names of the books named by the
# words' -f/--file, or by $CLERK_BOOKS.
_clerk_accounts() {
	local clerk=$1 books=${CLERK_BOOKS-} i
	shift
	local -a w=("$@")
	for ((i = 0; i < ${#w[@]} - 1; i++)); do
		case ${w[i]} in
		-f | --file) books=${w[i + 1]} ;;
		--file=*) books=${w[i]#--file=} ;;
		esac
	done
	books=${books/#\~/$HOME}
	[[ -n $books ]] || return 0
	"$clerk" accounts -f "$books" 2>/dev/null | sed 's/  .*//'
}

# _clerk_reply WORDS...: COMPREPLY gets the words that start with $cur, with
# the part of $cur up to its last ':' taken off (bash replaces only that part
# when ':' breaks words), and blanks escaped.
_clerk_reply() {
	local w cut=""
	if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
		cut=${cur%"${cur##*:}"}
	fi
	COMPREPLY=()
	for w in "$@"; do
		if [[ $w == "$cur"* ]]; then
			w=${w#"$cut"}
			COMPREPLY+=("${w// /\\ }")
		fi
	done
}

_clerk() {
	local -a _clerk_w
	_clerk_words
	local n=${#_clerk_w[@]}
	local cur=${_clerk_w[n - 1]} prev=""
	((n >= 2)) && prev=${_clerk_w[n - 2]}
	local clerk=${_clerk_w[0]}
	clerk=${clerk/#\~/$HOME}
	COMPREPLY=()

	if ((n == 2)); then
		local -a cmds
		mapfile -t cmds < <("$clerk" --help 2>/dev/null |
			awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
		_clerk_reply "${cmds[@]}" help --help --version
		return 0
	fi
	local cmd=${_clerk_w[1]}
	if [[ $cmd == help ]]; then
		((n == 3)) && _clerk_reply $("$clerk" --help 2>/dev/null |
			awk '/^Commands:/ { on = 1; next } on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
		return 0
	fi

	local -a names=() metas=() alls=()
	local name meta all
	while read -r name meta all; do
		names+=("$name")
		metas+=("${meta#-}")
		alls+=("$all")
	done < <(_clerk_options "$clerk" "$cmd")

	# the value of an option that takes one
	local i want="" forms=""
	for ((i = 0; i < ${#names[@]}; i++)); do
		if [[ $prev == "${names[i]}" ]]; then
			want=${metas[i]}
			forms=${alls[i]}
			break
		fi
	done
	if [[ -n $want ]]; then
		local usage values
		usage=$("$clerk" "$cmd" --help 2>/dev/null | sed -n '1,/^$/p')
		# the choices the usage line gives, as in [-O text|csv] or [--pain 09|03]
		values=$(grep -oE -- "(^|[[ ])($forms) [a-z0-9]+(\|[a-z0-9]+)+" <<<"$usage" | head -n 1 |
			sed -E 's/.* //; s/\|/ /g')
		case $want in
		ACCOUNT) mapfile -t values < <(_clerk_accounts "$clerk" "${_clerk_w[@]}")
			_clerk_reply "${values[@]}" ;;
		DIR) compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -d -- "$cur") ;;
		DATE | LIST | RUN) ;;
		*) if [[ -n $values ]]; then
				_clerk_reply $values
			elif [[ $want != FORMAT && $want != FMT && $want != VERSION ]]; then
				compopt -o filenames 2>/dev/null
				mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			fi ;;
		esac
		return 0
	fi

	if [[ $cur == -* ]]; then
		_clerk_reply "${names[@]}"
		return 0
	fi
	# arguments: ACCOUNT or PATTERN (account patterns) where the usage line has one that is not an option's
	if "$clerk" "$cmd" --help 2>/dev/null | head -n 1 | grep -qE '(^|[^-] )[A-Z]+ \[?(ACCOUNT|PATTERN)'; then
		local -a accounts
		mapfile -t accounts < <(_clerk_accounts "$clerk" "${_clerk_w[@]}")
		_clerk_reply "${accounts[@]}"
		return 0
	fi
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen -f -- "$cur")
	return 0
}
complete -F _clerk clerk
