# A party with nothing open at the close still has its last notice carried:
# Elbe Logistik is reminded on 2026-11-20 and pays on 2026-11-22; after the
# close through 2026-11-24 a new invoice, due on receipt on 2026-11-25, is
# overdue. The interval between two notices (14 days) counts from the last
# notice in the new books as in the old: no notice is due on 2026-12-01,
# one is on 2026-12-04.
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
rm -f old/inbox/*
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
"$CLERK" letters -f old/books.journal --date 2026-11-20 --out letters --record >/dev/null
cat > paid.journal <<'J'
2026-11-22 * Elbe Logistik | INV-2026-0085
    Assets:Bank:Operating                  1,428.00 EUR
    Assets:Receivable:Elbe Logistik       -1,428.00 EUR  ; invoice: INV-2026-0085
J
"$CLERK" post -q -f old/books.journal paid.journal
cp -r old unclosed
"$CLERK" close -f old/books.journal --through 2026-11-24 --to new/books.journal >/dev/null
cat > later.journal <<'J'
2026-11-25 * Elbe Logistik | freight labels  ; invoice: INV-2026-0094, due: 2026-11-25
    Assets:Receivable:Elbe Logistik          500.00 EUR
    Income:Printing                         -500.00 EUR
J
"$CLERK" post -q -f new/books.journal later.journal
"$CLERK" post -q -f unclosed/books.journal later.journal
