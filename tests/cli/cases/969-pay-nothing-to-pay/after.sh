snapshot_check
[ ! -e pay.xml ]
