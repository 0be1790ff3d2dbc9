snapshot_check
[ ! -e books.journal.lock ] || fail "a dry run took the lock"
