#!/bin/sh
# fetch-assets.sh DIR — fills DIR with the browser assets `sila serve
# --assets DIR` serves under /static/:
#   DIR/sila/     the project's own glue scripts (web/assets/sila, always)
#   DIR/yasgui/   yasgui.min.js + yasgui.min.css from the npm package @zazuko/yasgui
#   DIR/leaflet/  leaflet.js + leaflet.css + images/ from the npm package leaflet
#   DIR/markercluster/  leaflet.markercluster.js + its CSS (npm leaflet.markercluster)
#   DIR/bootstrap-italia/  css/bootstrap-italia.min.css, svg/sprites.svg and the
#                 woff2 fonts (Titillium Web, Roboto Mono) from the npm package
#                 bootstrap-italia (the national design system of Designers Italia)
#   DIR/chartjs/  chart.umd.js from the npm package chart.js (the charts of /statistiche)
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
cp "$top"/web/assets/sila/*.js "$top"/web/assets/sila/*.css "$dir/sila/" || exit 1

YASGUI_VERSION=${SILA_YASGUI_VERSION:-4.6.2}
LEAFLET_VERSION=${SILA_LEAFLET_VERSION:-1.9.4}
CLUSTER_VERSION=${SILA_MARKERCLUSTER_VERSION:-1.5.3}
BI_VERSION=${SILA_BOOTSTRAP_ITALIA_VERSION:-2.18.3}
# Chart.js: the usage charts of /statistiche (each chart has its table too)
CHARTJS_VERSION=${SILA_CHARTJS_VERSION:-4.4.7}
cache=${SILA_ASSETS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sila-assets}

# compress: a .gz beside each style sheet, script and SVG (served to
# browsers that accept gzip: Bootstrap Italia's CSS 612 KB -> ~80 KB)
compress() {
  command -v gzip >/dev/null 2>&1 || return 0
  find "$dir" -type f \( -name '*.css' -o -name '*.js' -o -name '*.svg' \) | while read -r f; do
    if [ ! -f "$f.gz" ] || [ "$f" -nt "$f.gz" ]; then
      gzip -9 -n -c "$f" >"$f.gz.tmp" && mv "$f.gz.tmp" "$f.gz"
    fi
  done
}

have() {
  [ -f "$dir/yasgui/yasgui.min.js" ] && [ -f "$dir/leaflet/leaflet.js" ] &&
    [ -f "$dir/markercluster/leaflet.markercluster.js" ] &&
    [ -f "$dir/bootstrap-italia/css/bootstrap-italia.min.css" ] &&
    [ -f "$dir/chartjs/chart.umd.js" ]
}
if have && [ -z "${SILA_ASSETS_FORCE:-}" ]; then
  compress
  echo "fetch-assets: $dir already has YASGUI, Leaflet, markercluster and Bootstrap Italia"
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  compress
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
if c=$(pack leaflet.markercluster "$CLUSTER_VERSION"); then
  unpack "$c" "$dir/markercluster" dist/leaflet.markercluster.js dist/MarkerCluster.css \
    dist/MarkerCluster.Default.css || ok=0
else
  ok=0
fi
if cj=$(pack chart.js "$CHARTJS_VERSION"); then
  unpack "$cj" "$dir/chartjs" dist/chart.umd.js || ok=0
else
  ok=0
fi
# Bootstrap Italia: the style sheet, the icons and the woff2 fonts only (the
# pages need none of its JavaScript; sila/sila.css declares the fonts).
if b=$(pack bootstrap-italia "$BI_VERSION"); then
  if unpack "$b" "$dir/bootstrap-italia" dist/css dist/svg dist/fonts; then
    find "$dir/bootstrap-italia" -name '*.map' -delete
    find "$dir/bootstrap-italia/fonts" -type f ! -name '*.woff2' ! -name '*.txt' -delete
    rm -rf "$dir/bootstrap-italia/fonts/Lora"
  else
    ok=0
  fi
else
  ok=0
fi
compress
if [ $ok = 1 ]; then
  echo "fetch-assets: YASGUI $YASGUI_VERSION, Leaflet $LEAFLET_VERSION," \
    "markercluster $CLUSTER_VERSION and Bootstrap Italia $BI_VERSION in $dir"
else
  echo "fetch-assets: could not fetch YASGUI, Leaflet, markercluster or Bootstrap Italia" \
    "from the npm registry (see $cache/npm.log); the pages fall back to their own style," \
    "the plain form and the map link"
fi
exit 0
