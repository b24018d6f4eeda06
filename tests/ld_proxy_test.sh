#!/bin/sh
# ld_proxy_test.sh — the public-base rule behind a real reverse proxy: nginx
# (Debian's nginx-light, run by this test as a foreground process on
# 127.0.0.1 with its files in a scratch folder, stopped by PID) in front of
# `sila serve`, configured as the README says (Host, X-Forwarded-Proto).
# The Service Description, VoID and the catalogue read through the proxy
# announce one and the same public base; IRIs keep the canonical base.
# Skips (77) without nginx.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-..}
NGINX=${SILA_NGINX:-$(command -v nginx || echo /usr/sbin/nginx)}
[ -x "$NGINX" ] || { echo "SKIP: nginx not installed (apt-get install nginx-light)"; exit 77; }
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
[ -d "$SRC/datasets/strutture-ricettive" ] || { echo "SKIP: no demo datasets in $SRC"; exit 77; }
SILA_TEST_NAME=ldproxy
. "$SRC/tests/http_lib.sh"
B=https://dati.calabria.it

"$SILA" init "$T/store" >/dev/null || { echo "FAIL: init"; exit 1; }
"$SILA" publish --store "$T/store" "$SRC/datasets/strutture-ricettive" >/dev/null 2>&1 ||
  { echo "FAIL: publish"; exit 1; }
start_server "$T/log" --store "$T/store" --workers 2


# nginx on a free port (the kernel's choice is not available to nginx: try a few)
mkdir -p "$T/nginx/logs" "$T/nginx/tmp"
started=
for try in 1 2 3 4 5 6 7 8; do
  NP=$(( (($$ + try * 7919) % 20000) + 30000 ))
  # The proxy says the client came over https to this host (as a TLS
  # front end would), exactly the README's two proxy_set_header lines.
  cat > "$T/nginx/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $T/nginx/tmp/body;
  proxy_temp_path $T/nginx/tmp/proxy;
  fastcgi_temp_path $T/nginx/tmp/fastcgi;
  uwsgi_temp_path $T/nginx/tmp/uwsgi;
  scgi_temp_path $T/nginx/tmp/scgi;
  server {
    listen 127.0.0.1:$NP;
    server_name _;
    location / {
      proxy_pass http://127.0.0.1:$PORT;
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-Proto https;
      proxy_buffering off;
    }
  }
}
CONF
  "$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" 2>"$T/nginx/start.log" &
  NPID=$!
  i=0
  while [ $i -lt 30 ]; do
    if curl -s -o /dev/null "http://127.0.0.1:$NP/health"; then started=1; break; fi
    kill -0 $NPID 2>/dev/null || break
    sleep 0.1; i=$((i + 1))
  done
  if [ -n "$started" ]; then PIDS="$PIDS $NPID"; break; fi
  kill $NPID 2>/dev/null; wait $NPID 2>/dev/null
done
[ -n "$started" ] || { echo "SKIP: nginx did not start: $(tail -2 "$T/nginx/start.log" "$T/nginx/logs/error.log" 2>/dev/null)"; exit 77; }
P="http://127.0.0.1:$NP"

for h in "dati.calabria.it $B" "proxy.example:8443 https://proxy.example:8443"; do
  set -- $h
  check "sd $1" 200 "$(status -H "Host: $1" -H 'Accept: application/n-triples' "$P/sparql")"
  has "sd-endpoint $1" "<http://www.w3.org/ns/sparql-service-description#endpoint> <$2/sparql>" "$T/body"
  check "void $1" 200 "$(status -H "Host: $1" "$P/void.nt")"
  has "void-endpoint $1" "<$B/void> <http://rdfs.org/ns/void#sparqlEndpoint> <$2/sparql>" "$T/body"
  has "void-dump $1" "<http://rdfs.org/ns/void#dataDump> <$2/dump/strutture-ricettive.nt.gz>" "$T/body"
  check "catalogo $1" 200 "$(status -H "Host: $1" "$P/catalogo.nt")"
  has "catalogo-endpoint $1" "<http://www.w3.org/ns/dcat#endpointURL> <$2/sparql>" "$T/body"
  has "catalogo-download $1" "<http://www.w3.org/ns/dcat#downloadURL> <$2/dump/strutture-ricettive.nt.gz>" "$T/body"
  has "catalogo-iri $1" "<$B/catalogo> <http://www.w3.org/ns/dcat#dataset> <$B/set/strutture-ricettive>" "$T/body"
done
# Through the proxy every announced dump resolves (rewritten to the proxy's address).
status -H "Host: 127.0.0.1:$NP" "$P/void.nt" >/dev/null
for u in $(sed -n 's/.*<http:\/\/rdfs.org\/ns\/void#dataDump> <\([^>]*\)>.*/\1/p' "$T/body"); do
  check "dump via proxy $u" 200 "$(curl -s -o /dev/null -w '%{http_code}' "$(echo "$u" | sed 's|^https://|http://|')")"
done

# the server stops cleanly (under ASan: no leak, no error report)
stop_server


echo "$pass passed, $fail failed"
[ $fail = 0 ]
