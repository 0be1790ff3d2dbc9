snapshot_check
[ ! -e posted ]
