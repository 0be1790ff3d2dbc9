. "$top_srcdir/tests/cli/open-tieout.sh"
open_tieout 2026-10-31 Assets:Receivable=1
