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
# The browser assets of the query page and the maps (YASGUI, Leaflet) from
# npm, into DIR/assets; soft: without npm the pages use their plain forms.
sh "$top/scripts/fetch-assets.sh" "$top/$dir/assets" || true
