# The root journal edited after the nights (beyond the include line Clerk
# added when it first posted, which is allowed): every night names it.
cp -r "$top_srcdir/fixtures/demo/." .
# three nights of the demo week, the statements arriving day by day
mkdir stage && mv inbox/* stage/
night() { # DATE STATEMENT-DATE...
	local date=$1 rc=0
	shift
	for f in "$@"; do mv "stage/$f-camt053.xml" inbox/; done
	"$CLERK" run -q -f books.journal --inbox inbox --out out --date "$date" || rc=$?
	[ $rc -eq 5 ]
}
night 2026-11-24 2026-11-23 2026-11-24
night 2026-11-26 2026-11-25 2026-11-26
night 2026-11-28 2026-11-27
printf "; edited by hand\n" >>books.journal
