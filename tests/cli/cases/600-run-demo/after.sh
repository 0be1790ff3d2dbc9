set -e
"$CLERK" check -q --strict -f books.journal || fail "the books do not check after the run"
assert_hledger_agrees books.journal
assert_posted_dir 000000-clerk.journal '000001-run-*.journal'
[ -z "$(ls inbox)" ] || fail "the inbox is not empty"
[ "$(ls out/archive/2026-11-28 | wc -l)" = 5 ] || fail "five statements archived"
# banking and personal data: owner only
for f in posted/000001-run-*.journal out/packs/clerk-2026-11-28.zip out/2026-11-28/letters/* out/archive/2026-11-28/*; do
	m=$(stat -c %a "$f"); [ "$m" = 600 ] || fail "$f has mode $m"
done
"$CLERK" verify out/packs/clerk-2026-11-28.zip -f books.journal >/dev/null || fail "verify"
# the pack's posted.journal is the posted file, byte for byte
unzip -p out/packs/clerk-2026-11-28.zip posted.journal | cmp - posted/000001-run-*.journal
cat out/2026-11-28/collections.csv
cat out/2026-11-28/log.jsonl
