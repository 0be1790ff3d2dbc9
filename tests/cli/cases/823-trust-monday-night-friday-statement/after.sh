[ -d out/2026-11-30/letters ]
! grep -q ",held," out/2026-11-30/collections.csv
