# the lock holder (flock) and its sleep, by their ids
holder=$(cat "$CASE_TMP/holder")
for p in $(ps -o pid= --ppid "$holder" 2>/dev/null) "$holder"; do
	kill "$p" 2>/dev/null || true
done
snapshot_check
