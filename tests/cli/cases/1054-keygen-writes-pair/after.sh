id=$(sed -n 's/^untrusted comment: minisign public key \([0-9A-F]\{16\}\)$/\1/p' keys/night.key.pub)
[ -n "$id" ] || fail "no key id in keys/night.key.pub"
[ "$(stat -c %a keys/night.key)" = 600 ] || fail "secret key mode $(stat -c %a keys/night.key)"
[ "$(sed -n 1p keys/night.key.pub)" = "untrusted comment: minisign public key $id" ] || fail "public key comment"
sed -n 2p keys/night.key.pub | grep -qx 'RW[QRST][A-Za-z0-9+/]\{53\}' || fail "public key line"
sed -n 2p keys/night.key | grep -qx 'RWQAAEIy[A-Za-z0-9+/=]\{204\}' || fail "secret key line"
[ "$(wc -l <keys/night.key)" = 2 ] && [ "$(wc -l <keys/night.key.pub)" = 2 ] || fail "line counts"
