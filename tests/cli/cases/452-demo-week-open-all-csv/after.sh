. "$top_srcdir/tests/cli/open-tieout.sh"
open_tieout 2026-11-28 Assets:Receivable=1 Liabilities:Payable=-1
