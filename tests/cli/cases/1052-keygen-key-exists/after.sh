snapshot_check
[ ! -e clerk.key.pub ]
