#!/bin/sh
# Installs the dependencies, builds Clerk and runs it on the bundled demo books:
# checks them and prints the trial balance.
set -e
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
echo
echo "== clerk check --strict -f fixtures/demo/books.journal"
build/src/clerk check --strict -f fixtures/demo/books.journal
echo
echo "== clerk balance -f fixtures/demo/books.journal"
build/src/clerk balance -f fixtures/demo/books.journal
