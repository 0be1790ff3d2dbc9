snapshot_check
[ ! -e new.key ]
