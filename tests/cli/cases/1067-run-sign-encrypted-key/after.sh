snapshot_check
[ ! -e out ]
