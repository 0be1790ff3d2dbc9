#!/usr/bin/env bash
# invoice.sh - benchmark `clerk invoice`: LINES billing lines into DOCS
# invoices in one call, beside `clerk post` of the very postings it commits.
#
# Usage: tests/bench/invoice.sh [CLERK_BINARY] [LINES DOCS]
#
#   CLERK_BINARY  path to the clerk executable; default: src/clerk under the
#                 current (build) directory, else under the repository root
#   LINES DOCS    billing lines and documents; default: 100000 20000
#
# The books (generated here with awk, deterministic): the company on its
# bank account, 500 customers with names, addresses, countries, VAT ids
# and terms, an income account, output VAT at 19 and 7 %, the series. The
# billing file: DOCS documents of LINES/DOCS lines each, 2 % of them credit
# notes of one line against an invoice already in the books, prices and
# quantities with 1 to 4 decimals, both rates. Then, on fresh copies of the
# books, with the page cache warm:
#
#   clerk invoice -f books.journal -q --out docs billing.csv
#       read, check, number, sum, check the text with the books, render and
#       verify every document, write NUMBER.xml and NUMBER.html, commit
#   clerk invoice ... --dry-run
#       the same without writing the files and the commit
#   clerk post -f books.journal -q batch.journal
#       the committed postings (the same text) as a batch
#
# Wall time, CPU time (user + system) and peak resident memory come from
# GNU time (`/usr/bin/time -f '%e %U %S %M'`). Columns: what, wall_s, cpu_s,
# peak_MB, and x_post (wall time / clerk post's).
#
# Environment: BENCH_DIR (default ${TMPDIR:-/tmp}/clerk-bench-invoice),
# TIME_BIN (/usr/bin/time).
set -euo pipefail
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_root=$(cd "$script_dir/../.." && pwd)
die() {
	printf 'invoice.sh: %s\n' "$*" >&2
	exit 1
}

clerk=""
if [[ $# -gt 0 && ! $1 =~ ^[0-9]+$ ]]; then
	clerk=$1
	shift
fi
if [[ -z $clerk ]]; then
	for c in "$PWD/src/clerk" "$repo_root/build/src/clerk" "$repo_root/src/clerk"; do
		[[ -x $c && ! -d $c ]] && clerk=$c && break
	done
fi
[[ -n $clerk && -x $clerk ]] || die "no clerk binary; give its path"
clerk=$(cd "$(dirname "$clerk")" && pwd)/$(basename "$clerk")
lines=${1:-100000}
docs=${2:-20000}
((docs > 0 && lines >= docs)) || die "LINES must be at least DOCS"
time_bin=${TIME_BIN:-/usr/bin/time}
[[ -x $time_bin ]] || die "GNU time is needed ($time_bin)"
bench=${BENCH_DIR:-${TMPDIR:-/tmp}/clerk-bench-invoice}
rm -rf "$bench"
mkdir -p "$bench/src"
src=$bench/src

# the books
awk -v ncust=500 'BEGIN {
	print "commodity 1,000.00 EUR"
	print "account Assets:Bank  ; role: bank, iban: DE89370400440532013000, bic: COBADEFFXXX"
	print "    ; name: Bench Studio GmbH, vat: DE298765431, company-id: HRB 1"
	print "    ; address: Speicherstadt 7, address: 20457 Hamburg, country: DE"
	print "account Assets:Receivable  ; role: receivable, invoice-series: INV-, credit-note-series: CN-"
	for (c = 1; c <= ncust; c++) {
		printf "account Assets:Receivable:C%04d  ; name: Customer %d GmbH, vat: DE%09d\n", c, c, 100000000 + c
		printf "    ; address: Street %d, address: %05d Town, country: DE, terms: net %d\n", c, 10000 + c, 14 + c % 3 * 8
	}
	print "account Income:Sales  ; role: income"
	print "account Liabilities:VAT:19  ; role: vat-output, vat-rate: 19"
	print "account Liabilities:VAT:7  ; role: vat-output, vat-rate: 7"
	print "account Equity:Opening"
	# one open invoice per customer for the credit notes to credit
	for (c = 1; c <= ncust; c++) {
		printf "2026-01-02 * (OLD-%04d) opening\n", c
		printf "    Assets:Receivable:C%04d  1,190.00 EUR  ; invoice: OLD-%04d\n", c, c
		print "    Equity:Opening"
	}
}' >"$src/books.journal"

# the billing lines: credit notes (every 50th document) have one line, the
# invoices share the rest, so that the file has exactly LINES lines
awk -v lines="$lines" -v docs="$docs" -v ncust=500 'BEGIN {
	print "key,customer,issue_date,currency,description,quantity,unit_price,vat_category,vat_rate,credits"
	ncn = int(docs / 50); ninv = docs - ncn
	base = ninv ? int((lines - ncn) / ninv) : 0; more = ninv ? (lines - ncn) - base * ninv : 0
	x = 12345; k = 0
	for (d = 1; d <= docs; d++) {
		c = (d * 7919) % ncust + 1
		day = 1 + int((d - 1) * 28 / docs)
		credit = (d % 50 == 0)
		if (credit)
			n = 1
		else
			n = base + (k++ < more ? 1 : 0)
		for (l = 1; l <= n; l++) {
			x = (x * 1103515245 + 12345) % 2147483648
			q = 1 + x % 40; p = (x % 100000) / 100; r = (x % 3 == 0) ? 7 : 19
			if (credit) { q = 1; p = 10.5; r = 19 }
			printf "d%06d,Assets:Receivable:C%04d,2026-02-%02d,EUR,Item %d of document %d,%d,%.2f,S,%d,%s\n", \
				d, c, day, l, d, q, p, r, credit ? sprintf("OLD-%04d", c) : ""
		}
	}
}' >"$src/billing.csv"

fresh() { # a fresh copy of the books in $bench/$1
	rm -rf "${bench:?}/$1"
	mkdir -p "$bench/$1"
	cp "$src/books.journal" "$src/billing.csv" "$bench/$1/"
}

measure() { # name, dir, command... -> "name wall cpu peak"
	local name=$1 dir=$2
	shift 2
	(cd "$dir" && "$time_bin" -f '%e %U %S %M' -o "$bench/$name.time" "$@" >/dev/null) ||
		die "$name failed"
	read -r wall user sys kb <"$bench/$name.time"
	printf '%s %s %s %s\n' "$name" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')" \
		"$(awk -v k="$kb" 'BEGIN { printf "%.1f", k / 1024 }')"
}

"$clerk" check -f "$src/books.journal" >/dev/null || die "the generated books do not check"
nlines=$(($(wc -l <"$src/billing.csv") - 1))
cat "$src/billing.csv" "$src/books.journal" >/dev/null # warm the page cache

fresh invoice
r_invoice=$(measure invoice "$bench/invoice" "$clerk" invoice -f books.journal -q --out docs billing.csv)
fresh dry
r_dry=$(measure invoice-dry-run "$bench/dry" "$clerk" invoice -f books.journal -q --dry-run billing.csv)
# the same postings as a batch for clerk post
fresh post
grep -v '^; clerk-' "$bench"/invoice/posted/*-invoice-*.journal >"$bench/post/batch.journal"
r_post=$(measure post "$bench/post" "$clerk" post -f books.journal -q batch.journal)
"$clerk" check -f "$bench/invoice/books.journal" >/dev/null || die "the books do not check after clerk invoice"
ndocs=$(grep -c '^20' "$bench/post/batch.journal")
nfiles=$(ls "$bench/invoice/docs" | wc -l)
mb_files=$(du -sm "$bench/invoice/docs" | cut -f1)
post_wall=$(echo "$r_post" | cut -d' ' -f2)

printf '# %d billing lines, %d documents, %d files (%s MB)\n' "$nlines" "$ndocs" "$nfiles" "$mb_files"
printf '%-16s %8s %8s %8s %7s\n' what wall_s cpu_s peak_MB x_post
for r in "$r_invoice" "$r_dry" "$r_post"; do
	read -r name wall cpu peak <<<"$r"
	printf '%-16s %8s %8s %8s %7s\n' "$name" "$wall" "$cpu" "$peak" \
		"$(awk -v a="$wall" -v b="$post_wall" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
done
