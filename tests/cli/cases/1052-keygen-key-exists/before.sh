# A secret key of that name is there: keygen refuses (exit 2) and changes
# nothing, not even KEY.pub, which is not there yet.
cp "$top_srcdir"/tests/cli/fixtures/keys/clerk.key .
snapshot_save
