#!/bin/bash
# tests/cli/tree-clean.sh - the repository holds no editor backups, merge
# leftovers or build products (a `configure~` was once committed) (TAP).
# Skipped outside a git checkout (a release tarball).
set -u
top_srcdir=${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}
if ! command -v git >/dev/null 2>&1 || ! git -C "$top_srcdir" rev-parse --git-dir >/dev/null 2>&1; then
	echo "1..0 # SKIP not a git checkout"
	exit 0
fi
echo "1..1"
bad=$(git -C "$top_srcdir" ls-files | grep -E '(~$|\.orig$|\.rej$|\.swp$|^configure$|\.o$|\.a$|(^|/)\.#)' || true)
if [ -z "$bad" ]; then
	echo "ok 1 - no editor backups, merge leftovers or build products are tracked"
else
	echo "not ok 1 - tracked files that do not belong in the tree"
	printf '# %s\n' $bad
fi
exit 0
