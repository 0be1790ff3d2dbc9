# Only the public key's name is taken: no secret key is made either.
echo 'untrusted comment: somebody else' >new.key.pub
snapshot_save
