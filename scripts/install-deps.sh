#!/bin/sh
# Installs what Clerk needs to build and test on Debian (12 or later).
# Usage: scripts/install-deps.sh [--test]   (--test adds the test oracles and tools)
set -e
pkgs="build-essential autoconf automake libtool autoconf-archive pkg-config \
libgmp-dev libxml2-dev libzip-dev libssl-dev libcriterion-dev"
if [ "$1" = "--test" ]; then
	pkgs="$pkgs hledger ledger util-linux time valgrind clang libclang-rt-14-dev"
fi
if [ "$(id -u)" -eq 0 ]; then
	SUDO=
else
	SUDO=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $pkgs
