[ -d out/2026-11-28/letters ]
grep -q dunning-notice posted/*-run-*.journal
