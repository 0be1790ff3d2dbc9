# tests/oracle/lib.sh - what the oracle scripts share (sourced).
#
# oracle_awk_lib: awk functions, put before an awk program:
#   awk -v mode=M "$oracle_awk_lib"'...program...'
# csv_split(line, out): splits one RFC 4180 CSV line into out[1..n], returns n.
# canon(s): a plain decimal from any of clerk, hledger and ledger: sign,
#   digits, at most one decimal mark, maybe digit-group marks; "UNPARSABLE(s)"
#   when it is none.
# shellcheck disable=SC2016
oracle_awk_lib='
	function csv_split(line, out,    n, i, c, field, inq) {
		n = 0; field = ""; inq = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (inq) {
				if (c == "\"") {
					if (substr(line, i + 1, 1) == "\"") { field = field "\""; i++ }
					else inq = 0
				} else field = field c
			} else if (c == "\"") inq = 1
			else if (c == ",") { out[++n] = field; field = "" }
			else field = field c
		}
		out[++n] = field
		return n
	}
	# A plain decimal from any of the tools: sign, digits, at most one
	# decimal mark, maybe digit-group marks. When both "." and "," occur
	# the last one is the decimal mark; a mark that occurs more than once
	# groups digits; a single lone mark is the decimal mark (none of the
	# three tools writes digit groups in these outputs).
	function canon(s,    orig, neg, i, c, nd, nc, dm, last, ip, fp) {
		orig = s
		gsub(/[ \t"\r]/, "", s)
		neg = 0
		if (substr(s, 1, 1) == "-") { neg = 1; s = substr(s, 2) }
		else if (substr(s, 1, 1) == "+") s = substr(s, 2)
		if (s !~ /^[0-9.,]*[0-9][0-9.,]*$/) return "UNPARSABLE(" orig ")"
		nd = 0; nc = 0; last = 0
		for (i = 1; i <= length(s); i++) {
			c = substr(s, i, 1)
			if (c == ".") { nd++; last = i }
			else if (c == ",") { nc++; last = i }
		}
		dm = 0
		if (nd && nc) dm = last
		else if (nd == 1 || nc == 1) dm = last
		if (dm) { ip = substr(s, 1, dm - 1); fp = substr(s, dm + 1) }
		else { ip = s; fp = "" }
		gsub(/[.,]/, "", ip)
		if (fp ~ /[.,]/) return "UNPARSABLE(" orig ")"
		sub(/^0+/, "", ip)
		if (ip == "") ip = "0"
		sub(/0+$/, "", fp)
		s = ip
		if (fp != "") s = s "." fp
		if (s == "0") neg = 0
		return (neg ? "-" : "") s
	}
	'
