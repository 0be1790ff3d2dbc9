cmp out/packs/clerk-2026-11-28.zip.minisig "$CASE_TMP/sig" || fail "another signature"
