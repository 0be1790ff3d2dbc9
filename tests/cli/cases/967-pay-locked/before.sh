. "$top_srcdir/tests/cli/pay-lib.sh"
pay_books
flock -o -x books.journal.lock sleep 30 >/dev/null 2>&1 &
echo $! >"$CASE_TMP/locker"
for _ in $(seq 50); do flock -n -x books.journal.lock true || break; sleep 0.1; done
snapshot_save
