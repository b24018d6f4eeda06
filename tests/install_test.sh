#!/bin/sh
# The installed library, seen from outside: installs libsila, its public
# headers and sila.pc into a temporary DESTDIR, builds tests/install_program.c
# with nothing but `pkg-config --cflags --libs sila`, runs it (open a store,
# load a triple, query it), and checks that libsila exports its public API
# only: no internal name (sila_csvw_xmalloc, sila_decimal_add, ...).
set -u
SRC=${SILA_SRCDIR:?}
BUILD=${SILA_BUILDDIR:?}
for tool in pkg-config nm; do
  command -v $tool >/dev/null 2>&1 || { echo "SKIP: $tool not installed"; exit 77; }
done
work=$(mktemp -d /tmp/sila-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail=0
pass=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

dest="$work/dest"
# Only the top directory's install targets: no recursion into tests/.
if ! make -s -C "$BUILD" DESTDIR="$dest" install-libLTLIBRARIES install-pkgincludeHEADERS \
    install-pkgconfigDATA >"$work/install.log" 2>&1; then
  cat "$work/install.log"
  echo "FAIL: make install"
  exit 1
fi
pcdir=$(find "$dest" -name sila.pc -exec dirname {} \; | head -1)
[ -n "$pcdir" ] || { echo "FAIL: sila.pc was not installed"; exit 1; }
prefix=$(PKG_CONFIG_PATH="$pcdir" pkg-config --variable=prefix sila)
pc() { PKG_CONFIG_PATH="$pcdir" pkg-config --define-variable=prefix="$dest$prefix" "$@" sila; }
libdir=$(pc --variable=libdir)
incdir=$(pc --variable=includedir)

[ -f "$incdir/sila/sila.h" ] && ok || bad "sila.h is not installed in $incdir/sila"
# Every header the umbrella includes is installed beside it.
for h in $(sed -n 's/^#include "\(.*\)"/\1/p' "$SRC/include/sila.h"); do
  [ -f "$incdir/sila/$h" ] && ok || bad "sila.h includes $h, which is not installed"
done

# sila.pc names what a static link needs too (every package resolvable).
pc --libs --static >/dev/null 2>&1 && ok || bad "pkg-config --static --libs sila fails"

CC=${CC:-cc}
so=$(ls "$libdir"/libsila.so.* 2>/dev/null | head -1)
# A sanitizer build's library needs its runtime in the program too.
san=
if [ -n "$so" ] && readelf -d "$so" 2>/dev/null | grep -q 'libasan'; then
  san="-fsanitize=address,undefined"
fi
# shellcheck disable=SC2046
if $CC -std=c11 -Wall -Wextra -Werror $san -o "$work/install_program" "$SRC/tests/install_program.c" \
    $(pc --cflags) $(pc --libs) 2>"$work/cc.log"; then
  ok
  out=$(LD_LIBRARY_PATH="$libdir" "$work/install_program" "$work" 2>&1)
  if [ "$(echo "$out" | head -1)" = "Cosenza@it" ]; then ok; else bad "install_program printed: $out"; fi
else
  cat "$work/cc.log"
  bad "a program does not build with pkg-config --cflags --libs sila"
fi

# The exported names: exactly those declared in the installed headers.
if [ -n "$so" ]; then
  nm -D --defined-only "$so" | awk '$2 == "T" || $2 == "D" || $2 == "B" { print $3 }' | sort -u >"$work/exported"
  cat "$incdir"/sila/*.h | sed -n 's/^[A-Za-z_][A-Za-z0-9_ *]*[ *]\(sila_[a-z0-9_]*\)(.*/\1/p' |
    sort -u >"$work/declared"
  extra=$(comm -23 "$work/exported" "$work/declared" | tr '\n' ' ')
  [ -z "$extra" ] && ok || bad "exported but not public: $extra"
  for internal in sila_csvw_xmalloc sila_decimal_add sila_ld_route sila_fn_call; do
    grep -qx "$internal" "$work/exported" && bad "internal $internal is exported" || ok
  done
  echo "$(wc -l <"$work/exported") symbols exported"
else
  bad "no libsila.so installed in $libdir"
fi
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
