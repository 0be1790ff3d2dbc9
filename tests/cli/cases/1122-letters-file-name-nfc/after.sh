# composed: m, U+00FC (c3 bc), hle-r, U+012B (c4 ab), ga; never the decomposed bytes
nfc=$(printf '2026-11-28-2-m\303\274hle-r\304\253ga-EUR')
[ -f "letters/$nfc.txt" ] && [ -f "letters/$nfc.html" ] || fail "no letter named $nfc: $(ls letters)" || exit 1
! ls letters | grep -q "$(printf '\314\210')" || fail "a decomposed name" || exit 1
grep -qx "To: $(printf 'M\303\274hle R\304\253ga SIA')" "letters/$nfc.txt" || fail "the letter is to someone else" || exit 1
