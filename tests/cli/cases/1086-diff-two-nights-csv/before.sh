# Thursday's night against Saturday's, as CSV: a row per member and per row
# (per column for a changed row).
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
# three nights of the demo week, signed, the statements arriving day by day
mkdir stage && mv inbox/* stage/
night() { # DATE STATEMENT-DATE...
	local date=$1 rc=0
	shift
	for f in "$@"; do mv "stage/$f-camt053.xml" inbox/; done
	"$CLERK" run -q -f books.journal --inbox inbox --out out --date "$date" --sign clerk.key || rc=$?
	[ $rc -eq 5 ]
}
night 2026-11-24 2026-11-23 2026-11-24
night 2026-11-26 2026-11-25 2026-11-26
night 2026-11-28 2026-11-27
