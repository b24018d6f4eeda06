#!/bin/sh
# Installs the Debian 12 packages Sila builds and runs with (as root).
# Packages already present are left alone, so this is quick the second time.
set -e
PKGS="build-essential autoconf automake libtool pkg-config
  libraptor2-dev liblmdb-dev libmicrohttpd-dev librdf0-dev librasqal3-dev
  libjansson-dev libpcre2-dev libcurl4-gnutls-dev zlib1g-dev libssl-dev
  libstemmer-dev libutf8proc-dev
  raptor2-utils rasqal-utils redland-utils lmdb-utils curl time
  chromium nodejs python3"
# the character set of a steward's CSV (sila dataset new)
PKGS="$PKGS libuchardet-dev"
# the publishing area's passwords (Argon2id)
PKGS="$PKGS libargon2-dev"
# the XML reader under raptor (RDF/XML error positions)
PKGS="$PKGS libxml2-dev"
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
# nginx in front of read replicas (tests/replica_test.sh runs its own nginx,
# foreground, on a free port). Debian's postinst starts the system nginx on
# port 80, which fails (or is unwanted) on a CI machine: a policy-rc.d that
# answers 101 ("action forbidden") keeps it from starting during the install.
if ! dpkg-query -W -f='${Status}' nginx-light 2>/dev/null | grep -q "install ok installed" &&
  ! command -v nginx >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing Debian package: nginx-light (sudo apt-get install nginx-light)" >&2
    exit 1
  fi
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy=/usr/sbin/policy-rc.d
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nginx-light ||
    { [ -z "$policy" ] || rm -f "$policy"; exit 1; }
  [ -z "$policy" ] || rm -f "$policy"
fi
