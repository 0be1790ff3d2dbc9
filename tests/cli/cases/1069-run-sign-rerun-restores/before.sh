# The signature file of a finished night was lost (a run killed after the
# pack, before the signature): the rerun with --sign writes it again, the
# same bytes, and posts nothing.
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign clerk.key || rc=$?
[ $rc -eq 5 ]
mv out/packs/clerk-2026-11-28.zip.minisig "$CASE_TMP/sig"
