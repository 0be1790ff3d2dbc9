snapshot_check
[ ! -e out2 ]
