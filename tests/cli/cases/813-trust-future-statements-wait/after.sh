[ "$(ls inbox | tr "\n" " ")" = "2026-11-26-camt053.xml 2026-11-27-camt053.xml " ]
[ "$(ls out/archive/2026-11-25 | wc -l)" = 3 ]
! grep -q "2026-11-2[678]" posted/*-run-*.journal
grep -q "^2026-11-26-camt053.xml	waiting	3515	" out/2026-11-25/inbox.tsv
unzip -l out/packs/clerk-2026-11-25.zip | grep -q "inputs/2026-11-25-camt053.xml"
! unzip -l out/packs/clerk-2026-11-25.zip | grep -q "inputs/2026-11-26"
sed -n "1,4p" out/2026-11-25/exceptions.txt
# the rerun is the same night: nothing new (the waiting files are known)
"$CLERK" run -f books.journal --inbox inbox --out out --date 2026-11-25 || [ $? -eq 5 ]
[ ! -e out/packs/clerk-2026-11-25.2.zip ]
"$CLERK" verify out/packs/clerk-2026-11-25.zip -f books.journal >/dev/null
# the next night takes them
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || [ $? -eq 5 ]
[ -z "$(ls inbox)" ]
"$CLERK" check -q --strict -f books.journal
assert_hledger_agrees books.journal
