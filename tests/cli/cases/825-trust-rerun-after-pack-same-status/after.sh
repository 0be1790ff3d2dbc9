[ -z "$(ls inbox)" ]
[ "$(ls out/packs)" = clerk-2026-11-28.zip ]
