[ ! -e out/2026-11-28/letters ]
! grep -q dunning-notice posted/*-run-*.journal 2>/dev/null
grep -qx "Dunning held: no notice recorded and no letter written tonight (6 notices would have been due), because the statements of 'Assets:Bank:Operating' end on 2026-11-23, but they must reach 2026-11-27 (statement-lag: 1 banking day). The first night with complete bank data catches up." out/2026-11-28/exceptions.txt
grep -q '"event":"dunning","collections":6,"notices":0,"held":6,"held_because":' out/2026-11-28/log.jsonl
[ "$(cut -d, -f12 out/2026-11-28/collections.csv | sort -u | tr '\n' ' ')" = "held notice_due " ]
