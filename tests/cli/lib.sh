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
# demo_week_closed         the demo week's nights through Thursday on old/,
#                          a copy unclosed/, old/ closed through 2026-11-26
#                          into new/ (cases 1222, 1224: before.sh)
# assert_return_as_unclosed INVOICE DECISION
#                          after the night of 2026-11-27 on new/ (and the
#                          same night run here on unclosed/): DECISION (the
#                          start of its decisions.csv row) was made, the
#                          outputs and the queries on both books agree,
#                          INVOICE is open again (cases 1222, 1224: after.sh)

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

demo_week_closed() {
	mkdir old new
	cp -r "$top_srcdir/fixtures/demo/." old/
	sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
	mkdir old/stage && mv old/inbox/* old/stage/
	local night
	for night in "2026-11-24 2026-11-23 2026-11-24" "2026-11-25 2026-11-25" "2026-11-26 2026-11-26"; do
		set -- $night
		local date=$1 rc=0
		shift
		for f in "$@"; do mv "old/stage/$f-camt053.xml" old/inbox/; done
		"$CLERK" run -q -f old/books.journal --inbox old/inbox --out old/out --date "$date" || rc=$?
		[ $rc -eq 0 ] || [ $rc -eq 5 ] || fail "the night of $date exited $rc" || return 1
	done
	cp -r old unclosed
	"$CLERK" close -f old/books.journal --through 2026-11-26 --to new/books.journal >/dev/null
	mkdir new/inbox unclosed/inbox2
}

assert_return_as_unclosed() {
	local invoice=$1 decision=$2 rc=0 d f c
	"$CLERK" run -q -f unclosed/books.journal --inbox unclosed/inbox2 --out unclosed/out2 --date 2026-11-27 || rc=$?
	[ $rc -eq 5 ] || fail "the night on the unclosed books exited $rc" || return 1
	grep -qF "$decision" new/out/2026-11-27/decisions.csv || fail "the return was not decided as a reversal" || return 1
	# the same decisions: only the place of the original movement differs (the
	# closed period's movement is carried into the history file)
	for d in new/out/2026-11-27 unclosed/out2/2026-11-27; do
		sed 's/cleared ([^)]*:[0-9]*)/cleared (PLACE)/' "$d/decisions.csv" > "$d.decisions"
	done
	cmp new/out/2026-11-27.decisions unclosed/out2/2026-11-27.decisions || fail "the decisions differ" || return 1
	for f in collections.csv aging-receivables.csv aging-payables.csv exceptions.txt; do
		cmp "new/out/2026-11-27/$f" "unclosed/out2/2026-11-27/$f" || fail "$f differs" || return 1
	done
	# (not `open --all --closed`: the unclosed books list a zero unapplied row for
	# Elbe Logistik from a dunning notice whose items are all settled, which the
	# close does not carry; formats/close.md, "Not (yet) done")
	for c in "open --all" aging "aging --payables" collections; do
		for d in 2026-11-27 2026-12-15; do
			diff -u <("$CLERK" $c -f new/books.journal --date $d -O csv) \
				<("$CLERK" $c -f unclosed/books.journal --date $d -O csv) || fail "$c --date $d differs" || return 1
		done
	done
	"$CLERK" open -f new/books.journal --date 2026-11-27 -O csv | grep -q "$invoice" || fail "$invoice not open again" || return 1
	# balance-sheet balances as in the unclosed books; income and expenses of the
	# new period only (the carried movements and their undo net to nothing)
	"$CLERK" balance -f unclosed/books.journal -O csv | grep -v -e '^Income' -e '^Expenses' -e '^Equity' > "$CASE_TMP/a.csv"
	"$CLERK" balance -f new/books.journal -O csv | grep -v -e '^Income' -e '^Expenses' -e '^Equity' > "$CASE_TMP/b.csv"
	diff -u "$CASE_TMP/a.csv" "$CASE_TMP/b.csv" || fail "balance-sheet balances differ" || return 1
	if "$CLERK" balance -f new/books.journal --end 2026-11-27 -O csv | grep -e '^Income' -e '^Expenses' | grep -v ',0.00 EUR$'; then
		fail "the new books start with income or expenses"
		return 1
	fi
	"$CLERK" check -q --strict -f new/books.journal || fail "check --strict" || return 1
	assert_hledger_agrees new/books.journal || return 1
	# the statement was imported once
	[ -z "$(ls new/inbox)" ] || fail "the statement is still in the inbox" || return 1
	"$CLERK" verify new/out/packs/clerk-2026-11-27.zip -f new/books.journal >/dev/null || fail "verify" || return 1
}

# Books with an invoice settled long before the close (INV-2026-0001, paid on
# 2026-02-01) and one still open (INV-2026-0002) in old/, copied to unclosed/,
# and closed through 2026-11-30 into new/ (unless CLOSE=no): the settled item
# goes to new/books.history.journal (formats/close.md).
old_settled_books() {
	mkdir old new
	cat > old/books.journal <<'J'
commodity 1,000.00 EUR

account Assets:Bank:Operating  ; role: bank, iban: DE89370400440532013000
account Assets:Suspense  ; role: suspense
account Assets:Receivable  ; role: receivable
account Assets:Receivable:Alster Cafe  ; name: Alster Cafe, iban: DE02120300000000202051
account Income:Design
account Equity:Retained Earnings  ; role: retained

2026-01-10 * Alster Cafe | menu design
    Assets:Receivable:Alster Cafe      500.00 EUR  ; invoice: INV-2026-0001, ref: RF18539007547034
    Income:Design

2026-02-01 * Alster Cafe | INV-2026-0001
    Assets:Bank:Operating              500.00 EUR
    Assets:Receivable:Alster Cafe     -500.00 EUR  ; invoice: INV-2026-0001

2026-10-01 * Alster Cafe | logo
    Assets:Receivable:Alster Cafe      500.00 EUR  ; invoice: INV-2026-0002
    Income:Design
J
	cp -r old unclosed
	[ "${CLOSE:-yes}" = no ] && return 0
	"$CLERK" close -f old/books.journal --through 2026-11-30 --to new/books.journal >/dev/null
}

# A statement of 2026-12-03 to FILE (bank balance OPENING before it): Alster
# Cafe pays 500.00 three times: naming INV-2026-0001, with its reference, and
# for "logo design".
history_statement() {
	local file=$1 open=$2 close
	close=$(awk -v o="$open" 'BEGIN { printf "%.2f", o + 1500 }')
	local party='<RltdPties><Dbtr><Nm>Alster Cafe</Nm></Dbtr><DbtrAcct><Id><IBAN>DE02120300000000202051</IBAN></Id></DbtrAcct></RltdPties>'
	{
		echo '<?xml version="1.0" encoding="UTF-8"?>'
		echo '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.04"><BkToCstmrStmt><GrpHdr><MsgId>HIST-1</MsgId><CreDtTm>2026-12-03T18:00:00</CreDtTm></GrpHdr>'
		echo '<Stmt><Id>HIST-1</Id><ElctrncSeqNb>1</ElctrncSeqNb><CreDtTm>2026-12-03T18:00:00</CreDtTm>'
		echo '<Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>'
		echo "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">$open</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-03</Dt></Dt></Bal>"
		echo "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">$close</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-12-03</Dt></Dt></Bal>"
		local n rmt
		for n in 1 2 3; do
			case $n in
			1) rmt='<Ustrd>INV-2026-0001 again</Ustrd>' ;;
			2) rmt='<Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd>' ;;
			3) rmt='<Ustrd>logo design</Ustrd>' ;;
			esac
			echo "<Ntry><Amt Ccy=\"EUR\">500.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-12-03</Dt></BookgDt><AcctSvcrRef>H$n</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>E2E-H$n</EndToEndId></Refs>$party<RmtInf>$rmt</RmtInf></TxDtls></NtryDtls></Ntry>"
		done
		echo '</Stmt></BkToCstmrStmt></Document>'
	} > "$file"
}
