# the report in the night's pack is the same page, byte for byte
cmp "$OUT" out/2026-11-28/report.html
unzip -p out/packs/clerk-2026-11-28.zip report.html | cmp - "$OUT"
