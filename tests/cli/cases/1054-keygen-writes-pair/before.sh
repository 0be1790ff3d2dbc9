# A new pair, quietly (the key id is random; the line keygen prints without
# -q is checked in sign-minisign.sh): the secret key 0600, the public key
# beside it, in minisign's two-line formats.
mkdir keys
