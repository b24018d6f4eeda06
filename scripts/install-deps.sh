#!/bin/sh
# Installs the Debian 12 packages Sila builds and runs with (as root).
# Packages already present are left alone, so this is quick the second time.
set -e
PKGS="build-essential autoconf automake libtool pkg-config
  libraptor2-dev liblmdb-dev libmicrohttpd-dev librdf0-dev librasqal3-dev
  libjansson-dev libpcre2-dev libcurl4-gnutls-dev zlib1g-dev libssl-dev
  libstemmer-dev libutf8proc-dev
  raptor2-utils rasqal-utils redland-utils lmdb-utils curl time
  chromium nodejs"
# the character set of a steward's CSV (sila dataset new)
PKGS="$PKGS libuchardet-dev"
# the publishing area's passwords (Argon2id)
PKGS="$PKGS libargon2-dev"
# npm fetches the browser assets and playwright-core (the browser test); a
# nodejs that is not Debian's may bring its own npm, which Debian's conflicts with
command -v npm >/dev/null 2>&1 || PKGS="$PKGS npm"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian packages:$missing (run as root, or: sudo apt-get install$missing)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends $missing
fi
