[ "$(ls -A out/packs | tr '\n' ' ')" = "clerk-2026-11-28.zip clerk-2026-11-28.zip.minisig " ] || fail "out/packs: $(ls -A out/packs)"
cmp out/packs/clerk-2026-11-28.zip "$CASE_TMP/ref/out/packs/clerk-2026-11-28.zip" || fail "another pack"
cmp out/packs/clerk-2026-11-28.zip.minisig "$CASE_TMP/ref/out/packs/clerk-2026-11-28.zip.minisig" || fail "another signature"
"$CLERK" verify --pubkey clerk.key.pub out/packs/clerk-2026-11-28.zip >/dev/null || fail "verify --pubkey"
