#!/bin/sh
# Builds Sila out of tree in $1 (default _build) with extra configure args.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-_build}
shift || true
[ -x "$top/configure" ] || (cd "$top" && ./autogen.sh >/dev/null)
mkdir -p "$top/$dir"
cd "$top/$dir"
[ -f Makefile ] || "$top/configure" --enable-werror "$@" >configure.out
make -j"$(nproc)" >/dev/null
