# A secret key protected by a password cannot sign unattended: refused
# before anything is done (exit 1), with how to remove the password.
cp -r "$top_srcdir/fixtures/demo/." .
cp "$top_srcdir"/tests/cli/fixtures/keys/*.key "$top_srcdir"/tests/cli/fixtures/keys/*.pub .
# minisign.key with its key derivation set to scrypt ("Sc"), as minisign -G writes it
sed '2s/^RWQAAEIy/RWRTY0Iy/' minisign.key >encrypted.key
snapshot_save
