# The night killed while its pack was being signed (the pack rewritten with
# MANIFEST.minisig, just before the rename): the rerun signs it, with the
# same bytes as an uninterrupted night, and leaves no temporary file.
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/clerk.key* .
rc=0
(CLERK_FAULT=pack-sign:before-rename "$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign clerk.key) 2>/dev/null || rc=$?
[ $rc -eq 137 ]
ls -a out/packs | grep -q '^\.clerk-2026-11-28\.zip\.tmp\.'
mkdir "$CASE_TMP/ref" && cp -r "$top_srcdir/fixtures/demo/." "$CASE_TMP/ref/"
(cd "$CASE_TMP/ref" && "$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign "$CASE_WORK/clerk.key") || [ $? -eq 5 ]
