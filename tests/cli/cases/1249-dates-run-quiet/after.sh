[ -f out/packs/clerk-2026-11-28.zip ] || fail "no pack of 2026-11-28"
