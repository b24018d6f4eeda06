#!/bin/sh
# fetch-assets.sh DIR — fills DIR with the browser assets `sila serve
# --assets DIR` serves under /static/:
#   DIR/sila/     the project's own glue scripts (web/assets/sila, always)
#   DIR/yasgui/   yasgui.min.js + yasgui.min.css from the npm package @zazuko/yasgui
#   DIR/leaflet/  leaflet.js + leaflet.css + images/ from the npm package leaflet
# The npm tarballs are kept in a cache ($SILA_ASSETS_CACHE, default
# ~/.cache/sila-assets), so a second run needs no network.  Fails soft:
# without npm or the registry it says so and exits 0 (the pages then fall
# back to the plain query form and the map link).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-}
if [ -z "$dir" ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
mkdir -p "$dir/sila" || exit 1
cp "$top"/web/assets/sila/*.js "$dir/sila/" || exit 1

YASGUI_VERSION=${SILA_YASGUI_VERSION:-4.6.2}
LEAFLET_VERSION=${SILA_LEAFLET_VERSION:-1.9.4}
cache=${SILA_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sila-assets}

have() { [ -f "$dir/yasgui/yasgui.min.js" ] && [ -f "$dir/leaflet/leaflet.js" ]; }
if have && [ -z "${SILA_ASSETS_FORCE:-}" ]; then
  echo "fetch-assets: $dir already has YASGUI and Leaflet"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "fetch-assets: npm not found: no YASGUI or Leaflet (the query page uses its plain form)"
  exit 0
fi
mkdir -p "$cache" || { echo "fetch-assets: cannot create $cache; skipped"; exit 0; }

# pack NAME VERSION: prints the path of the cached tarball (fetches it once)
pack() {
  tgz="$cache/$(printf '%s' "$1" | sed 's/^@//; s/\//-/')-$2.tgz"
  if [ ! -s "$tgz" ]; then
    # a registry that does not answer must not stall a build for minutes
    (cd "$cache" && npm pack --silent --fetch-timeout=60000 --fetch-retries=1 "$1@$2" \
      >/dev/null 2>"$cache/npm.log") || return 1
    [ -s "$tgz" ] || return 1
  fi
  printf '%s\n' "$tgz"
}

# unpack TARBALL DEST FILE...: copies package/FILE (files or directories) into DEST
unpack() {
  tgz=$1 dest=$2
  shift 2
  tmp=$(mktemp -d "${TMPDIR:-/tmp}/sila-assets-XXXXXX") || return 1
  if ! tar -xzf "$tgz" -C "$tmp"; then rm -rf "$tmp"; return 1; fi
  rm -rf "$dest.new" && mkdir -p "$dest.new" || { rm -rf "$tmp"; return 1; }
  for f in "$@"; do
    cp -R "$tmp/package/$f" "$dest.new/" || { rm -rf "$tmp" "$dest.new"; return 1; }
  done
  cp "$tmp/package/LICENSE"* "$dest.new/" 2>/dev/null || true
  rm -rf "$tmp" "$dest"
  mv "$dest.new" "$dest"
}

ok=1
if y=$(pack @zazuko/yasgui "$YASGUI_VERSION"); then
  unpack "$y" "$dir/yasgui" build/yasgui.min.js build/yasgui.min.css || ok=0
else
  ok=0
fi
if l=$(pack leaflet "$LEAFLET_VERSION"); then
  unpack "$l" "$dir/leaflet" dist/leaflet.js dist/leaflet.css dist/images || ok=0
else
  ok=0
fi
if [ $ok = 1 ]; then
  echo "fetch-assets: YASGUI $YASGUI_VERSION and Leaflet $LEAFLET_VERSION in $dir"
else
  echo "fetch-assets: could not fetch YASGUI or Leaflet from the npm registry" \
    "(see $cache/npm.log); the pages fall back to the plain form and the map link"
fi
exit 0
