# One byte of the pack file flipped in the middle (in a member's deflated
# data): the member is damaged and the file's signature fails (exit 1).
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign clerk.key || rc=$?
[ $rc -eq 5 ]
printf '\377' | dd of=out/packs/clerk-2026-11-28.zip bs=1 seek=15000 conv=notrunc status=none
