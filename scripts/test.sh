#!/bin/sh
# Installs the dependencies (with the test oracles hledger and ledger), builds
# Clerk in build/ with warnings as errors and runs the whole test suite
# (make check). The last line is the summary "N passed, N failed".
set -e
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
[ -x configure ] || ./autogen.sh
mkdir -p build
cd build
[ -f Makefile ] || ../configure --enable-werror
make -j"$(nproc 2>/dev/null || echo 2)"
status=0
make -j"$(nproc 2>/dev/null || echo 2)" check || status=$?
[ $status -eq 0 ] || cat test-suite.log | tail -n 200
../scripts/summary.sh test-suite.log
exit $status
