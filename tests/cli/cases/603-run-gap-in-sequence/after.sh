set -e
diff expected-exceptions.txt out/2026-11-28/exceptions.txt
[ "$(ls out/archive/2026-11-28)" = 2026-11-23-camt053.xml ]
[ "$(ls out/refused/2026-11-28 | grep -vc reason)" = 3 ]
# incomplete bank data: no notice recorded, no letter written, the list says held
[ ! -e out/2026-11-28/letters ]
! grep -q dunning-notice posted/*run*.journal
[ "$(cut -d, -f12 out/2026-11-28/collections.csv | sort -u | tr '\n' ' ')" = "held notice_due " ]
