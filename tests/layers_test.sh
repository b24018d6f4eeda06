#!/bin/sh
# The layers, checked on the code: every `#include "…"` of every module's
# sources and headers must name a header of a module that module may use.
#
#   base <- store <- loaders/rdf, loaders/csvw <- sparql <- app <- web <- cli
#   redland uses store and sparql (and what is below them)
#
# A header belongs to the module whose folder holds it; config.h (generated)
# is everyone's.  An include of a header that no module holds is an error
# too (a stale name, or a header of tests/ used by the library).  The build
# gives each module only these -I paths (common.am); this test also catches
# an include that the paths would let through by accident (a header of the
# same name in two folders, a relative path).  ARCHITECTURE.md draws it.
set -u
SRC=${SILA_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$SRC" || exit 99

MODULES="base store loaders/rdf loaders/csvw sparql app web cli redland"

# allowed MODULE: the modules MODULE may include from (itself included).
allowed() {
  case $1 in
  base) echo "base" ;;
  store) echo "base store" ;;
  loaders/rdf) echo "base store loaders/rdf" ;;
  loaders/csvw) echo "base store loaders/csvw" ;;
  sparql) echo "base store loaders/rdf loaders/csvw sparql" ;;
  app) echo "base store loaders/rdf loaders/csvw sparql app" ;;
  web) echo "base store loaders/rdf loaders/csvw sparql app web" ;;
  cli) echo "base store loaders/rdf loaders/csvw sparql app web cli" ;;
  redland) echo "base store loaders/rdf sparql redland" ;;
  esac
}

# owner HEADER: the module holding it ("" when none, "two" when ambiguous).
owner() {
  found=""
  for m in $MODULES; do
    if [ -f "$m/$1" ]; then
      [ -n "$found" ] && { echo "two"; return; }
      found=$m
    fi
  done
  echo "$found"
}

fail=0
checked=0
for m in $MODULES; do
  ok_set=" $(allowed "$m") "
  for f in "$m"/*.c "$m"/*.h; do
    [ -f "$f" ] || continue
    # "#include "x.h"" lines, with their line numbers
    grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$f" |
      sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1 \2/' >"${TMPDIR:-/tmp}/sila-layers.$$"
    while read -r line hdr; do
      checked=$((checked + 1))
      [ "$hdr" = config.h ] && continue
      case $hdr in
      */* | ..*) echo "$f:$line: include \"$hdr\" names a path: include by name, the build gives the paths"; fail=1; continue ;;
      esac
      o=$(owner "$hdr")
      if [ -z "$o" ]; then
        echo "$f:$line: \"$hdr\" is no module's header"
        fail=1
      elif [ "$o" = two ]; then
        echo "$f:$line: \"$hdr\" exists in two modules"
        fail=1
      else
        case $ok_set in
        *" $o "*) ;;
        *) echo "$f:$line: $m may not include \"$hdr\" of $o (allowed: $(allowed "$m"))"; fail=1 ;;
        esac
      fi
    done <"${TMPDIR:-/tmp}/sila-layers.$$"
  done
done
rm -f "${TMPDIR:-/tmp}/sila-layers.$$"

# The test must be able to fail: an upward include is reported.
probe=$(mktemp -d "${TMPDIR:-/tmp}/sila-layers-probe.XXXXXX") || exit 99
mkdir -p "$probe/store" "$probe/web"
echo '#include "sila_web.h"' >"$probe/store/x.c"
touch "$probe/web/sila_web.h"
(
  cd "$probe" && MODULES="store web" && m=store &&
    hdr=sila_web.h && o=$(owner "$hdr") && ok_set=" $(allowed "$m") " &&
    case $ok_set in *" $o "*) exit 1 ;; *) exit 0 ;; esac
) || { echo "layers_test: the self-check did not see an upward include"; fail=1; }
rm -rf "$probe"

echo "$checked includes checked"
[ "$fail" = 0 ]
