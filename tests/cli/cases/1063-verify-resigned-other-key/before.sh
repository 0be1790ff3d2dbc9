# Somebody re-signed the pack with another key (both signatures replaced
# by other.key's: the night was run again with --sign other.key on a copy):
# checked with the company's public key, exit 7.
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
rc=0
"$CLERK" run -q -f books.journal --inbox inbox --out out --date 2026-11-28 --sign other.key || rc=$?
[ $rc -eq 5 ]
