# three letters, each to its own customer, with its own invoice
check_letter() {
	grep -qx "To: $2" "letters/$1.txt" || fail "$1.txt is not to $2"
	grep -q "^$3 " "letters/$1.txt" || fail "$1.txt does not list $3"
	grep -q "To: $2" "letters/$1.html" || fail "$1.html is not to $2"
}
check_letter 2026-11-28-2-mueller-EUR 'Hans Mueller Druck OHG' INV-2026-0099
check_letter 2026-11-28-2-müller-EUR 'Müller Nord GmbH' INV-2026-0098
check_letter 2026-11-28-2-müller-2-EUR 'Müller Süd KG' INV-2026-0097
[ "$(ls letters | wc -l)" = 18 ] || fail "$(ls letters)"
# --dry-run names the same files
"$CLERK" letters -f books.journal --date 2026-11-28 --dry-run | grep -c 'mueller\|müller' | grep -qx 3
"$CLERK" letters -f books.journal --date 2026-11-28 --dry-run | grep -qx 'would write 2026-11-28-2-müller-2-EUR.txt and 2026-11-28-2-müller-2-EUR.html'
