# tests/cli/lib.sh - helpers for the hooks of the CLI cases (before.sh,
# after.sh) and for durability.sh. Sourced by bash; needs $CLERK.
#
# tree_listing [DIR]       one sorted line per entry below DIR: type, mode,
#                          SHA-256 (files) or target (symlinks), path; lock
#                          files (*.lock) are left out
# snapshot_save            saves tree_listing of the working directory
#                          outside it ($CASE_TMP/snapshot)
# snapshot_check           fails (printing a diff) unless the working
#                          directory still matches the saved snapshot
# clerk_totals BOOKS       `clerk balance -O csv` rows, sorted
# hledger_totals BOOKS     `hledger bal` rows in the same form
#                          (quotes and thousands separators removed)
# assert_hledger_agrees B  fails (printing a diff) unless both agree; skips
#                          the case (status 77) when hledger is missing
# assert_ledger_agrees B   the same with ledger 3.3 (one run per commodity,
#                          as tests/oracle/hledger-balance.sh does); skips
#                          (77) when ledger is missing
# fail MESSAGE             prints MESSAGE and fails

fail() {
	echo "$*"
	return 1
}

tree_listing() {
	(
		cd "${1:-.}" || exit 1
		find . -mindepth 1 ! -name '*.lock' -print0 | LC_ALL=C sort -z |
			while IFS= read -r -d '' f; do
				if [ -L "$f" ]; then
					printf 'l %s -> %s\n' "$f" "$(readlink "$f")"
				elif [ -d "$f" ]; then
					printf 'd %s %s\n' "$(stat -c %a "$f")" "$f"
				elif [ -f "$f" ]; then
					printf 'f %s %s %s\n' "$(stat -c %a "$f")" \
						"$(sha256sum <"$f" | cut -c1-64)" "$f"
				else
					printf '? %s\n' "$f"
				fi
			done
	)
}

snapshot_save() {
	tree_listing . >"$CASE_TMP/snapshot"
}

snapshot_check() {
	tree_listing . >"$CASE_TMP/snapshot.now"
	diff -u --label before --label after "$CASE_TMP/snapshot" "$CASE_TMP/snapshot.now"
}

clerk_totals() {
	"$CLERK" balance -f "$1" -O csv | tail -n +2 | LC_ALL=C sort
	return "${PIPESTATUS[0]}"
}

hledger_totals() {
	LC_ALL=C.UTF-8 hledger -f "$1" bal --layout=bare -O csv -N | tail -n +2 |
		sed -e 's/^"//' -e 's/"$//' -e 's/","/\t/g' |
		awk -F'\t' -v OFS=, '{ gsub(/,/, "", $3); print $1, $2, $3 }' | LC_ALL=C sort
	return "${PIPESTATUS[0]}"
}

need_hledger() {
	if ! command -v hledger >/dev/null 2>&1; then
		echo "hledger not installed"
		exit 77
	fi
}

assert_hledger_agrees() {
	need_hledger
	local c h
	c=$(clerk_totals "$1") || fail "clerk balance -f $1 failed" || return 1
	h=$(hledger_totals "$1") || fail "hledger -f $1 bal failed" || return 1
	[ -n "$c" ] || fail "clerk balance -f $1 printed no rows" || return 1
	if [ "$c" != "$h" ]; then
		diff -u --label clerk --label hledger <(echo "$c") <(echo "$h")
		return 1
	fi
}

# assert_posted SEQ BATCH...  posted/SEQ-batch-HASH.journal exists (just one),
#                          holds the given batch files each under its two
#                          header comments, and HASH is the start of the
#                          SHA-256 of its content; mode 0600
assert_posted() {
	local seq=$1 b f
	shift
	local files=(posted/"$seq"-batch-*.journal)
	[ ${#files[@]} -eq 1 ] && [ -f "${files[0]}" ] ||
		fail "expected one posted/$seq-batch-*.journal, found: ${files[*]}" || return 1
	f=${files[0]}
	for b in "$@"; do
		printf '; clerk-batch-sha256: %s\n; clerk-batch-source: %s\n\n' \
			"$(sha256sum <"$b" | cut -c1-64)" "${b##*/}"
		cat "$b"
		[ -z "$(tail -c 1 "$b")" ] || echo
		echo
	done >"$CASE_TMP/posted.want"
	cmp "$CASE_TMP/posted.want" "$f" || fail "unexpected content in $f" || return 1
	[ "$f" = "posted/$seq-batch-$(sha256sum <"$f" | cut -c1-12).journal" ] ||
		fail "$f is not named after the SHA-256 of its content" || return 1
	[ "$(stat -c %a "$f")" = 600 ] || fail "$f has mode $(stat -c %a "$f"), not 600"
}

# assert_root_is ORIGINAL  the root journal books.journal is ORIGINAL plus the
#                          include block that the first post appends
assert_root_is() {
	{
		cat "$1"
		[ -z "$(tail -c 1 "$1")" ] || echo
		printf '\n; clerk posts batches and imports into posted/ (see formats/books.md)\n'
		printf 'include posted/*.journal\n'
	} >"$CASE_TMP/root.want"
	cmp "$CASE_TMP/root.want" books.journal || fail "unexpected root journal" || return 1
	[ "$(grep -c '^include posted/\*\.journal$' books.journal)" = 1 ] ||
		fail "the include line is not there exactly once"
}

# assert_posted_dir NAME...  posted/ (mode 0700) holds exactly these files
#                          (shell patterns), in this order, and nothing else
assert_posted_dir() {
	local have want
	have=$(ls -A posted)
	[ "$(stat -c %a posted)" = 700 ] || fail "posted/ has mode $(stat -c %a posted)" || return 1
	[ "$(printf '%s\n' "$have" | wc -l)" = $# ] ||
		fail "posted/ holds: $(echo $have)" || return 1
	local i=0 name
	while IFS= read -r name; do
		i=$((i + 1))
		want=${!i}
		# shellcheck disable=SC2053
		[[ $name == $want ]] || fail "posted/ entry $i is $name, expected $want" || return 1
	done <<<"$have"
}

# "account,commodity,amount" rows of ledger's per-account balances, sorted,
# amounts without trailing fractional zeros (ledger needs one run per commodity)
ledger_totals() {
	local c
	LC_ALL=C.UTF-8 ledger --args-only -f "$1" commodities | sort -u | while IFS= read -r c; do
		LC_ALL=C.UTF-8 ledger --args-only -f "$1" balance --flat --empty --no-total \
			--limit "commodity == \"$c\"" \
			--balance-format '%(account)\t%(quantity(scrub(amount)))\n' |
			awk -F'\t' -v c="$c" '{ gsub(/,/, "", $2); print $1 "," c "," $2 }'
	done | awk -F, -v OFS=, '{ if ($3 ~ /\./) { sub(/0+$/, "", $3); sub(/\.$/, "", $3) } if ($3 != "0") print }' |
		LC_ALL=C sort
}

assert_ledger_agrees() {
	if ! command -v ledger >/dev/null 2>&1; then
		echo "ledger not installed"
		exit 77
	fi
	local c l
	c=$(clerk_totals "$1" | awk -F, -v OFS=, '{ if ($3 ~ /\./) { sub(/0+$/, "", $3); sub(/\.$/, "", $3) } if ($3 != "0") print }' | LC_ALL=C sort) ||
		fail "clerk balance -f $1 failed" || return 1
	l=$(ledger_totals "$1") || fail "ledger -f $1 failed" || return 1
	[ -n "$c" ] || fail "clerk balance -f $1 printed no rows" || return 1
	if [ "$c" != "$l" ]; then
		diff -u --label clerk --label ledger <(echo "$c") <(echo "$l")
		return 1
	fi
}
