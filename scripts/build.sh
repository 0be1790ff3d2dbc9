#!/bin/sh
# Configures and builds Clerk in build/ (after scripts/install-deps.sh).
set -e
cd "$(dirname "$0")/.."
[ -x configure ] || ./autogen.sh
mkdir -p build
cd build
[ -f Makefile ] || ../configure "$@"
make -j"$(nproc 2>/dev/null || echo 2)"
