# The demo night, signed with a key of clerk keygen: the pack holds
# MANIFEST.minisig (its last member), PACK.zip.minisig lies beside it, and
# minisign itself verifies both (skipped, after our own checks, without it).
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
