#!/bin/sh
# Installs what Clerk needs to build and test on Debian (12 or later).
# Usage: scripts/install-deps.sh [--test] [--print]
#   --test   adds the test oracles and tools
#   --print  prints the package names instead of installing them
set -e
test_pkgs=false
print=false
for arg in "$@"; do
	case "$arg" in
	--test) test_pkgs=true ;;
	--print) print=true ;;
	*) echo "usage: $0 [--test] [--print]" >&2; exit 2 ;;
	esac
done
pkgs="build-essential autoconf automake libtool autoconf-archive pkg-config \
libgmp-dev libxml2-dev libzip-dev libssl-dev libcriterion-dev libqrencode-dev libunistring-dev scdoc"
if $test_pkgs; then
	pkgs="$pkgs hledger ledger util-linux time valgrind clang libclang-rt-14-dev chromium zip unzip libxml2-utils jq minisign \
		librsvg2-bin zbar-tools man-db groff-base zsh"
fi
if $print; then
	echo $pkgs
	exit 0
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
