# open-tieout.sh - sourced by the after.sh of the `clerk open` cases.
#
#   open_tieout DATE ROOT=SIGN...
#
# Checks that the `open` column of the CSV in $OUT, summed per party account
# and currency, equals SIGN times that account's balance in
# `clerk balance -O csv --end DATE+1` (so on DATE), for every account below
# each ROOT (e.g. Assets:Receivable=1 Liabilities:Payable=-1), in both
# directions: no row without a balance, no balance without rows. Sums are
# exact (amounts are scaled to integers as strings, not added as floats).

open_tieout() {
	local d=$1 next
	shift
	next=$(date -u -d "$d + 1 day" +%F)
	"$CLERK" balance -f books.journal -O csv --end "$next" >"$CASE_TMP/balance.csv"
	awk -v roots="$*" '
	function splitcsv(line, f,    n, i, c, q, cur) {
		n = 0; cur = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) {
				if (c == "\"" && substr(line, i + 1, 1) == "\"") { cur = cur c; i++ }
				else if (c == "\"") q = 0
				else cur = cur c
			} else if (c == "\"") q = 1
			else if (c == ",") { f[++n] = cur; cur = "" }
			else cur = cur c
		}
		f[++n] = cur
		return n
	}
	# "-12.5" -> integer in millionths, exactly
	function units(s,    neg, ip, fp, k) {
		neg = substr(s, 1, 1) == "-"
		if (neg) s = substr(s, 2)
		k = index(s, ".")
		if (k) { ip = substr(s, 1, k - 1); fp = substr(s, k + 1) } else { ip = s; fp = "" }
		while (length(fp) < 6) fp = fp "0"
		return (neg ? -1 : 1) * ((ip + 0) * 1000000 + (fp + 0))
	}
	function sign_of(acct,    r, n, i, parts) {
		n = split(roots, r, " ")
		for (i = 1; i <= n; i++) {
			split(r[i], parts, "=")
			if (index(acct, parts[1] ":") == 1) return parts[2] + 0
		}
		return 0
	}
	FNR == 1 { next }
	FILENAME == ARGV[1] {
		splitcsv($0, f)
		k = f[2] SUBSEP f[6]
		rows[k] += units(f[8]); seen[k] = 1
		next
	}
	{
		splitcsv($0, f)
		s = sign_of(f[1])
		if (!s) next
		k = f[1] SUBSEP f[2]
		bal[k] = s * units(f[3]); seen[k] = 1
	}
	END {
		bad = 0; n = 0
		for (k in seen) {
			n++
			if (rows[k] != bal[k]) {
				split(k, p, SUBSEP)
				printf "tie-out: %s %s: open rows sum to %d, balance says %d (millionths)\n", p[1], p[2], rows[k], bal[k]
				bad = 1
			}
		}
		if (!n) { print "tie-out: nothing compared"; bad = 1 }
		exit bad
	}' "$OUT" "$CASE_TMP/balance.csv"
}
