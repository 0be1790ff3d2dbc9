snapshot_check
[ ! -e posted ] || fail 'a dry run must not write posted/'
