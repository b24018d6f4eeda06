#!/bin/sh
# package-test.sh — builds Sila's Debian package from the tree
# (dpkg-buildpackage -us -uc -b in a copy of the tree), installs it, starts
# the sila unit and queries it; then purges the package.  Run as root on a
# Debian 12 machine (CI).  When systemd is PID 1 the unit is started with
# systemctl; otherwise (a container) the unit's ExecStartPre and ExecStart are
# run by hand under its user, with the write token handed over as a systemd
# credential would be ($CREDENTIALS_DIRECTORY/write_token) and --port 0
# appended so that a busy port 8080 does not matter.
# Prints "package-test: N checks passed" or the failures; exit 0/1 (77: skip).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "SKIP: package-test needs root (it installs a package)"; exit 77; }
command -v dpkg-buildpackage >/dev/null 2>&1 || { echo "SKIP: not a Debian system"; exit 77; }
SILA_TEST_NAME=package
. "$top/tests/http_lib.sh"
had_user=no; getent passwd sila >/dev/null && had_user=yes
had_state=no; [ -e /var/lib/sila ] && had_state=yes
installed=no
pkg_cleanup() {
  for p in $PIDS; do kill "$p" 2>/dev/null; done
  for p in $PIDS; do wait "$p" 2>/dev/null; done
  if [ $installed = yes ]; then
    [ -d /run/systemd/system ] && systemctl stop sila 2>/dev/null
    dpkg --purge sila > "$T/purge.log" 2>&1 || cat "$T/purge.log"
  fi
  [ $had_user = yes ] || deluser --quiet --system sila 2>/dev/null || true
  [ $had_state = yes ] || rm -rf /var/lib/sila
  rm -rf "$T"
}
trap pkg_cleanup EXIT INT TERM
started=$(date +%s)

# ---- build dependencies (Debian's), then the package from a copy of the tree ----
cd "$top"
missing=""
for p in debhelper dpkg-dev help2man fakeroot; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing > "$T/apt.log" 2>&1 ||
  { echo "cannot install$missing"; tail "$T/apt.log"; exit 1; }
version=$(dpkg-parsechangelog -S Version -l debian/changelog)
src="$T/sila-${version%-*}"
mkdir -p "$src"
# the working tree as git sees it (tracked and new files, nothing ignored)
if git ls-files -co --exclude-standard > "$T/files.all" 2>/dev/null; then
  while IFS= read -r f; do [ -e "$f" ] && printf '%s\n' "$f"; done < "$T/files.all" > "$T/files"
  tar -cf - -T "$T/files" | tar -xf - -C "$src"
else # not a git checkout: everything but builds and stores
  tar -cf - --exclude='./_build*' --exclude=./.git --exclude='*.mdb' . | tar -xf - -C "$src"
fi
( cd "$src" && dpkg-checkbuilddeps ) > "$T/deps.log" 2>&1 || { cat "$T/deps.log"; exit 1; }
( cd "$src" && dpkg-buildpackage -us -uc -b ) > "$T/build.log" 2>&1
check dpkg-buildpackage 0 $?
deb=$(ls "$T"/sila_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || { echo "no package built:"; tail -40 "$T/build.log"; exit 1; }
echo "package-test: built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB) in $(( $(date +%s) - started )) s"
dpkg-deb -c "$deb" > "$T/contents"
for f in ./usr/bin/sila ./lib/systemd/system/sila.service ./lib/systemd/system/sila-backup.timer \
  ./lib/systemd/system/sila-backup.service ./etc/logrotate.d/sila ./etc/nginx/sites-available/sila \
  ./etc/sila/sila.conf ./usr/share/man/man1/sila.1.gz ./usr/share/man/man1/sila-serve.1.gz \
  ./usr/share/man/man1/sila-backup.1.gz ./usr/share/sila/vocabularies/ ./usr/share/sila/assets/sila/query.js \
  ./usr/lib/sila/sila-backup ./usr/share/sila/roll-replicas.sh; do
  has "package-holds-$f" " $f" "$T/contents"
done
has package-holds-library 'usr/lib/.*/libsila.so.0' "$T/contents"
has package-holds-redland-module 'usr/lib/.*/redland/librdf_storage_sila.so' "$T/contents"
hasnt package-no-la-files '\.la$' "$T/contents"

# ---- install ----
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" > "$T/install.log" 2>&1
check install 0 $?
installed=yes
check user-exists yes "$(getent passwd sila >/dev/null && echo yes || echo no)"
check token-root-only "600 root" "$(stat -c '%a %U' /etc/sila/write_token 2>/dev/null)"
check man-page-found yes "$( [ -f /usr/share/man/man1/sila-backup.1.gz ] && zcat /usr/share/man/man1/sila-backup.1.gz | grep -q 'compacted' && echo yes || echo no)"
if command -v systemd-analyze >/dev/null 2>&1; then
  systemd-analyze verify /lib/systemd/system/sila.service /lib/systemd/system/sila-backup.timer \
    > "$T/verify.log" 2>&1
  check systemd-analyze-verify 0 $?
  grep -v "^$" "$T/verify.log" | head -5
fi
unit=/lib/systemd/system/sila.service
for k in 'User=sila' 'ProtectSystem=strict' 'NoNewPrivileges=yes' 'LoadCredential=write_token:' 'ReadWritePaths=/var/lib/sila'; do
  has "unit-$k" "^$k" "$unit"
done

# ---- start the unit, query it ----
TOKEN=$(cat /etc/sila/write_token)
if [ -d /run/systemd/system ] && [ "$(ps -p 1 -o comm=)" = systemd ]; then
  echo "package-test: systemd is PID 1: systemctl start sila"
  systemctl start sila
  check systemctl-start 0 $?
  U="http://127.0.0.1:8080"
  i=0
  while [ $i -lt 100 ] && ! curl -sf -o /dev/null --max-time 2 "$U/health"; do sleep 0.1; i=$((i + 1)); done
  check unit-active active "$(systemctl is-active sila)"
else
  echo "package-test: systemd is not PID 1 here ($(ps -p 1 -o comm=)): the unit's ExecStartPre and ExecStart run by hand as user sila"
  pre=$(sed -n 's/^ExecStartPre=//p' "$unit")
  start=$(sed -n 's/^ExecStart=//p' "$unit")
  install -d -o sila -g sila -m 0750 /var/lib/sila /var/log/sila
  # LoadCredential= hands the service a copy readable by it alone
  cred="$T/credentials"
  install -d -o sila -g sila -m 0700 "$cred"
  install -o sila -g sila -m 0400 /etc/sila/write_token "$cred/write_token"
  chmod 755 "$T"
  runuser -u sila -- $pre > "$T/pre.log" 2>&1
  check exec-start-pre 0 $?
  runuser -u sila -- env CREDENTIALS_DIRECTORY="$cred" $start --port 0 2> "$T/serve.log" &
  PIDS="$PIDS $!"
  PORT= i=0
  while [ $i -lt 100 ]; do
    PORT=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$T/serve.log")
    [ -n "$PORT" ] && break; sleep 0.1; i=$((i + 1))
  done
  [ -n "$PORT" ] || { echo "the service did not start:"; cat "$T/serve.log"; exit 1; }
  U="http://127.0.0.1:$PORT"
  check runs-as-sila sila "$(ps -o user= -p "$(pgrep -u sila -f 'sila serve' | head -1)" 2>/dev/null | tr -d ' ')"
fi
check health 200 "$(status "$U/health")"
INS='INSERT DATA { <https://dati.calabria.it/id/prova/1> <http://www.w3.org/2000/01/rdf-schema#label> "prova del pacchetto"@it }'
check update-no-token 401 "$(status --data-urlencode "update=$INS" "$U/update")"
check update-token 200 "$(status -H "Authorization: Bearer $TOKEN" --data-urlencode "update=$INS" "$U/update")"
check query 200 "$(status -H 'Accept: text/csv' --data-urlencode 'query=SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }' "$U/sparql")"
has query-answer 'prova del pacchetto' "$T/body"
check static-asset 200 "$(status "$U/static/sila/query.js")"
# the timer's job, by hand: a backup as user sila, kept in /var/lib/sila/backups
runuser -u sila -- /usr/lib/sila/sila-backup /var/lib/sila/store /var/lib/sila/backups 7 > "$T/backup.log" 2>&1
check backup-job 0 $?
b=$(ls -1d /var/lib/sila/backups/store-* 2>/dev/null | tail -1)
check backup-has-the-write 1 "$(sila query --store "$b" --format csv 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }' 2>/dev/null | tail -1 | tr -d '\r')"
# ---- the nginx site file in front: TLS, redirect, caching (own nginx, free ports) ----
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null)
if [ -n "$NGINX" ] && command -v openssl >/dev/null 2>&1; then
  n="$T/ngx"
  mkdir -p "$n/cache" "$n/tmp" "$n/logs"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=dati.calabria.it \
    -keyout "$n/key.pem" -out "$n/cert.pem" > /dev/null 2>&1
  ng_ok=no
  for try in 1 2 3 4 5 6 7 8; do
    r=$(od -An -N2 -tu2 /dev/urandom | tr -d ' ')
    hp=$(( 20000 + r % 20000 )); tp=$(( hp + 20000 ))
    sed -e "s#/etc/ssl/certs/dati.calabria.it.pem#$n/cert.pem#; s#/etc/ssl/private/dati.calabria.it.key#$n/key.pem#" \
        -e "s#/var/cache/nginx/sila#$n/cache#; s#127.0.0.1:8080#127.0.0.1:${U##*:}#" \
        -e "/listen \[::\]/d; s#listen 80;#listen 127.0.0.1:$hp;#; s#listen 443 ssl http2;#listen 127.0.0.1:$tp ssl http2;#" \
        /etc/nginx/sites-available/sila > "$n/site.conf"
    cat > "$n/nginx.conf" <<NGX
daemon off;
user root root;
worker_processes 1;
pid $n/nginx.pid;
error_log $n/logs/error.log warn;
events { worker_connections 64; }
http {
  access_log $n/logs/access.log;
  client_body_temp_path $n/tmp/body; proxy_temp_path $n/tmp/proxy;
  fastcgi_temp_path $n/tmp/fastcgi; uwsgi_temp_path $n/tmp/uwsgi; scgi_temp_path $n/tmp/scgi;
  include $n/site.conf;
}
NGX
    "$NGINX" -p "$n" -c "$n/nginx.conf" 2>> "$n/start.err" &
    NGP=$!
    i=0
    while [ $i -lt 40 ] && kill -0 $NGP 2>/dev/null; do
      curl -sk -o /dev/null --max-time 2 "https://127.0.0.1:$tp/health" && { ng_ok=yes; break; }
      sleep 0.1; i=$((i + 1))
    done
    [ $ng_ok = yes ] && { PIDS="$PIDS $NGP"; break; }
    kill $NGP 2>/dev/null; wait $NGP 2>/dev/null
  done
  check nginx-site-starts yes "$ng_ok"
  if [ $ng_ok = yes ]; then
    V="https://127.0.0.1:$tp"
    check nginx-tls-health 200 "$(status -k "$V/health")"
    check nginx-http-redirects 301 "$(status "http://127.0.0.1:$hp/health")"
    check nginx-tls-query 200 "$(status -k -H 'Accept: text/csv' --data-urlencode 'query=ASK {}' "$V/sparql")"
    check nginx-void 200 "$(status -k -H 'Accept: text/turtle' "$V/void")"
    check nginx-void-cache-control 'public, max-age=60' "$(header Cache-Control)"
    status -k -H 'Accept: text/turtle' "$V/void" > /dev/null
    check nginx-void-cached HIT "$(header X-Cache-Status)"
  fi
else
  echo "package-test: no nginx or openssl: the site file is not tried"
fi
echo "package-test: $(( $(date +%s) - started )) s in all"
[ $fail -eq 0 ] && echo "package-test: $pass checks passed" && exit 0
echo "package-test: $fail of $((pass + fail)) checks failed"
exit 1
