cmp "$OUT" out/2026-11-28/report.html
