# the page went to the file; on a terminal without -o clerk refuses
head -c 15 report.html | grep -qi '<!doctype html' || fail "report.html is not the page"
command -v script >/dev/null 2>&1 || { echo "script (util-linux) not installed"; exit 77; }
set +e
script -qec "\"$CLERK\" report -f books.journal" /dev/null >"$CASE_TMP/tty" 2>&1
rc=$?
set -e
[ "$rc" = 2 ] || fail "clerk report on a terminal exited $rc"
grep -q "refusing to pour HTML onto the terminal; give -o FILE" "$CASE_TMP/tty" || fail "no message: $(cat "$CASE_TMP/tty")"
if grep -qi '<html' "$CASE_TMP/tty"; then fail "HTML on the terminal"; fi
