# Party accounts whose balance at the close is exactly zero but that hold
# open items: Elbe Logistik's invoice beside a payment on account of the
# same amount, Fjord Design's invoice beside a credit note not applied to
# it, Papierhaus Nord's bill beside a payment on account. The demo week's
# first night on the old books, these three entries, the close through
# 2026-11-24: the new books list the same items and unapplied money, and
# the rest of the week (the night of 2026-11-27 with three statements)
# decides as on a copy of the unclosed books.
mkdir old new
cp -r "$top_srcdir/fixtures/demo/." old/
sed -i "s/^account Equity:Opening Balances\$/&\naccount Equity:Retained Earnings     ; role: retained/" old/books.journal
mkdir old/stage && mv old/inbox/* old/stage/
mv old/stage/2026-11-23-camt053.xml old/stage/2026-11-24-camt053.xml old/inbox/
rc=0
"$CLERK" run -q -f old/books.journal --inbox old/inbox --out old/out --date 2026-11-24 || rc=$?
[ $rc -eq 5 ]
cat > zero.journal <<'J'
2026-11-24 * Elbe Logistik | payment on account, not applied yet
    Assets:Bank:Operating                  1,428.00 EUR
    Assets:Receivable:Elbe Logistik       -1,428.00 EUR

2026-11-24 * Fjord Design | credit note CN-2026-0001, not applied yet
    Income:Design                          3,150.00 EUR
    Assets:Receivable:Fjord Design        -3,150.00 EUR  ; credit-note: CN-2026-0001

2026-11-24 * Papierhaus Nord | paid on account
    Liabilities:Payable:Papierhaus Nord    1,142.40 EUR
    Assets:Bank:Operating                 -1,142.40 EUR
J
"$CLERK" post -q -f old/books.journal zero.journal
cp -r old unclosed
"$CLERK" close -f old/books.journal --through 2026-11-24 --to new/books.journal >/dev/null
mkdir new/inbox unclosed/inbox2
for f in 2026-11-25 2026-11-26 2026-11-27; do
	cp "old/stage/$f-camt053.xml" new/inbox/
	cp "old/stage/$f-camt053.xml" unclosed/inbox2/
done
