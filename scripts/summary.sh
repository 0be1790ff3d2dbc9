#!/bin/sh
# Prints "N passed, N failed" from automake's test-suite.log files (the
# counts of TAP test points across all test programs).
# Usage: scripts/summary.sh LOG...
awk '
/^# PASS: /  { pass += $3 }
/^# XFAIL: / { pass += $3 }
/^# FAIL: /  { fail += $3 }
/^# XPASS: / { fail += $3 }
/^# ERROR: / { fail += $3 }
/^# SKIP: /  { skip += $3 }
END {
	if (skip) printf "%d passed, %d failed, %d skipped\n", pass, fail, skip
	else printf "%d passed, %d failed\n", pass, fail
}' "$@"
