# the balance at the end is hledger's balance of the account
need_hledger
h=$(LC_ALL=C.UTF-8 hledger -f books.journal bal Receivable:Moorbrauerei -e 2026-11-25 --layout=bare -N | awk '{ print $1 }')
[ "$h" = "2,260.50" ] || fail "hledger says $h" || exit 1
grep -q "Balance  *$h\$" <("$CLERK" statement -f books.journal --date 2026-11-24 Moorbrauerei) || fail "the statement's balance is not $h"
