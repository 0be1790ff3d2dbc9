. "$top_srcdir/tests/cli/open-tieout.sh"
open_tieout 2026-03-08 Assets:Receivable=1
