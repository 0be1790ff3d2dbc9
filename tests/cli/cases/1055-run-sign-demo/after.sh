p=out/packs/clerk-2026-11-28.zip
[ -f $p.minisig ] || fail "no $p.minisig"
[ "$(stat -c %a $p.minisig)" = 600 ] || fail "mode of $p.minisig"
unzip -Z1 $p | tail -n 1 | grep -qx MANIFEST.minisig || fail "MANIFEST.minisig is not the last member"
"$CLERK" verify --pubkey clerk.key.pub $p >/dev/null || fail "clerk verify --pubkey fails"
command -v minisign >/dev/null || { echo "minisign is not installed: its own check is skipped"; exit 77; }
minisign -Vm $p -p clerk.key.pub -q || fail "minisign does not verify the pack"
mkdir m && unzip -q -d m $p MANIFEST MANIFEST.minisig
minisign -Vm m/MANIFEST -p clerk.key.pub -q || fail "minisign does not verify the MANIFEST"
