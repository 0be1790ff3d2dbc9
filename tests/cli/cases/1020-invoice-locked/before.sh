# another clerk holds the books' lock: invoice stops at once (exit 4), nothing written
command -v flock >/dev/null || { echo "flock not installed (util-linux)"; exit 77; }
cp -r "$top_srcdir/fixtures/demo/." .
snapshot_save
flock -x books.journal.lock sleep 60 </dev/null >/dev/null 2>&1 &
echo $! >"$CASE_TMP/holder"
for _ in $(seq 50); do
	flock -n -x books.journal.lock true 2>/dev/null || break
	sleep 0.1
done
