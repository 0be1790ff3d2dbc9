# finding 7: killed once the pack was written, the rerun only archives the
# statements, and exits 5 like the uninterrupted night (it has exceptions)
cp -r "$top_srcdir/fixtures/demo/." .
CLERK_FAULT=run:after-pack "$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 || [ $? -eq 137 ]
[ -e out/packs/clerk-2026-11-28.zip ] && [ "$(ls inbox | wc -l)" = 5 ]
