grep -q '<html lang="de">' out/statement-2026-11-24-Kieler*.html || fail "Kieler Segelschule's page is not in German" || exit 1
grep -q '<h1>Kontoauszug</h1>' out/statement-2026-11-24-Kieler*.html || fail "no German title" || exit 1
grep -q '<html lang="en">' "out/statement-2026-11-24-Alster Cafe-EUR.html" || fail "Alster Cafe's own lang: en lost" || exit 1
grep -q 'Please pay <strong>1,344.50 EUR</strong>' "out/statement-2026-11-24-Alster Cafe-EUR.html" || fail "not in English" || exit 1
