# each closing balance is the party account's balance in hledger on that day
# (negated for vendors), and the books are untouched
need_hledger
"$CLERK" statement -f books.journal --date 2026-11-24 --all -O csv | awk -F, '$5 == "closing" { print $2 "\t" $3 "\t" $11 }' >closing
[ "$(wc -l <closing)" -eq 11 ] || fail "expected 11 parties with a balance, got $(wc -l <closing)" || exit 1
while IFS=$'\t' read -r account cur want; do
	got=$(LC_ALL=C.UTF-8 hledger -f books.journal bal "^$account\$" -e 2026-11-25 --layout=bare -O csv -N |
		tail -n +2 | awk -F'","' -v c="$cur" '$2 == c { gsub(/[",]/, "", $3); print $3 }')
	case $account in Liabilities:*) got=$(echo "$got" | awk '{ printf "%.2f\n", -$1 }') ;; esac
	[ "$got" = "$want" ] || fail "$account $cur: statement $want, hledger ${got:-nothing}" || exit 1
done <closing
# the open items and the unapplied money add up to the closing balance
awk -F, '$5 == "closing" { c[$2 FS $3] = $11 } $5 == "open-item" || $5 == "unapplied" { s[$2 FS $3] += $10 }
	END { for (k in c) if (sprintf("%.2f", s[k]) != sprintf("%.2f", c[k])) { print k ": " s[k] " != " c[k]; bad = 1 } exit bad }' \
	<("$CLERK" statement -f books.journal --date 2026-11-24 --all -O csv) || fail "open items do not add up" || exit 1
assert_hledger_agrees books.journal
