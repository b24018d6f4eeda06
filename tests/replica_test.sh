#!/bin/sh
# replica_test.sh — read replicas behind real nginx (README "Read replicas"):
# `sila backup` of a store that a server keeps writing to, two `sila serve`
# replicas of the backup behind nginx (proxy_next_upstream), a bounded load
# of reads during which one replica is killed (no failed request, the same
# answer every time), then a write, a new backup rolled onto new replicas
# with scripts/roll-replicas.sh while reads go on (again no failed request;
# the answers switch from the old count to the new one), and the cache
# headers nginx needs on the linked-data pages and dumps.
set -u
SILA=${SILA_BIN:-./sila}
SRC=${SILA_SRCDIR:-$(dirname "$0")/..}
command -v curl >/dev/null 2>&1 || { echo "SKIP: curl not installed"; exit 77; }
NGINX=$(command -v nginx || ls /usr/sbin/nginx 2>/dev/null) ||
  { echo "SKIP: nginx not installed (Debian nginx-light)"; exit 77; }
SILA_TEST_NAME=replica
. "$SRC/tests/http_lib.sh"
ngx_stop() {
  [ -f "$T/nginx/nginx.pid" ] && kill -TERM "$(cat "$T/nginx/nginx.pid")" 2>/dev/null
  for p in $(cat "$T"/state/gen-*/pids 2>/dev/null); do kill -TERM "$p" 2>/dev/null; done
  cleanup
}
trap ngx_stop EXIT INT TERM

# ---- a primary store, served and written to while it is backed up ----
"$SILA" init "$T/primary" >/dev/null || { echo "cannot init"; exit 1; }
awk 'BEGIN { for (i = 0; i < 2000; i++)
  printf "<http://example.org/n%d> <http://example.org/v> \"%d\" .\n", i, i }' > "$T/data.nt"
"$SILA" load --store "$T/primary" "$T/data.nt" >/dev/null 2>&1 || { echo "cannot load"; exit 1; }
SILA_WRITE_TOKEN=tok start_server "$T/primary.log" --store "$T/primary"
P=$U

update() {
  $C -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer tok' \
    --data-urlencode "update=$1" "$P/update"
}
# writes go on in the background while the backup copies
( j=0; while [ $j -lt 40 ]; do
    update "INSERT DATA { <http://example.org/w$j> <http://example.org/w> $j }" > /dev/null
    j=$((j + 1)); done ) &
WRITER=$!
"$SILA" backup --store "$T/primary" "$T/snap1" > "$T/backup1.out" 2>&1
check backup-exit 0 $?
has backup-report 'quads' "$T/backup1.out"
wait $WRITER
"$SILA" backup --store "$T/primary" "$T/snap1" > "$T/backup1b.out" 2>&1
check backup-no-overwrite 1 $?
has backup-exists-message 'already exists' "$T/backup1b.out"
check backup-integrity consistent \
  "$("$SILA" stats --store "$T/snap1" | sed -n 's/^indexes\t//p')"
COUNT='SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
n_of() { "$SILA" query --store "$1" --format csv "$COUNT" 2>/dev/null | tail -1 | tr -d '\r'; }
N1=$(n_of "$T/snap1")
NP=$(n_of "$T/primary")
# the copy is one commit of the primary: 2000 plus the writes made before it
[ "$N1" -ge 2000 ] && [ "$N1" -le 2040 ] && ok || bad "backup count $N1 not in 2000..2040"
check primary-after-writes 2040 "$NP"

# ---- nginx in front of the replicas: its own prefix, config and pid file ----
mkdir -p "$T/nginx/logs" "$T/nginx/tmp" "$T/nginx/cache"
UPS="$T/nginx/upstream.conf"
write_conf() {
  cat > "$T/nginx/nginx.conf" <<NGX
daemon off;
worker_processes 1;
pid $T/nginx/nginx.pid;
error_log $T/nginx/logs/error.log warn;
$( [ "$(id -u)" = 0 ] && echo "user $(id -un) $(id -gn);" )
events { worker_connections 256; }
http {
  access_log $T/nginx/logs/access.log;
  client_body_temp_path $T/nginx/tmp/body;
  proxy_temp_path $T/nginx/tmp/proxy;
  fastcgi_temp_path $T/nginx/tmp/fastcgi;
  uwsgi_temp_path $T/nginx/tmp/uwsgi;
  scgi_temp_path $T/nginx/tmp/scgi;
  proxy_cache_path $T/nginx/cache keys_zone=sila:1m max_size=50m;
  include $UPS;
  server {
    listen 127.0.0.1:$1;
    location / {
      proxy_pass http://sila_replicas;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_next_upstream error timeout http_502 http_503 http_504;
      proxy_next_upstream_tries 3;
      proxy_connect_timeout 2s;
      proxy_cache sila;
      proxy_cache_revalidate on;
      add_header X-Cache-Status \$upstream_cache_status;
    }
  }
}
NGX
}
STATE="$T/state"
RELOAD="'$NGINX' -p '$T/nginx' -c '$T/nginx/nginx.conf' -s reload"
# the first generation of replicas; the reload fails harmlessly (no nginx yet)
"$SRC/scripts/roll-replicas.sh" --sila "$SILA" --snapshot "$T/snap1" --state "$STATE" \
  --upstream "$UPS" --reload "true" --drain 1 -- --workers 2 > "$T/ports1" 2> "$T/roll1.err"
check roll1-exit 0 $?
check roll1-replicas 2 "$(wc -l < "$T/ports1" | tr -d ' ')"
NG=
for try in 1 2 3 4 5 6 7 8 9 10; do
  port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 ))
  write_conf $port
  "$NGINX" -p "$T/nginx" -c "$T/nginx/nginx.conf" 2>> "$T/nginx/start.err" &
  NPID=$!
  i=0
  while [ $i -lt 50 ] && kill -0 $NPID 2>/dev/null; do
    curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/health" && { NG=$port; break; }
    sleep 0.1; i=$((i + 1))
  done
  [ -n "$NG" ] && break
  kill $NPID 2>/dev/null; wait $NPID 2>/dev/null
done
[ -n "$NG" ] || { echo "nginx did not start:"; cat "$T/nginx/start.err" "$T/nginx/logs/error.log"; exit 1; }
PIDS="$PIDS $NPID"
N="http://127.0.0.1:$NG"
QURL="$N/sparql?query=$(printf '%s' "$COUNT" | sed 's/ /%20/g; s/(/%28/g; s/)/%29/g; s/?/%3F/g; s/{/%7B/g; s/}/%7D/g; s/\*/%2A/g')"
expect_body() { printf 'n\n%s\n' "$1"; }

# load CLIENT: batches of 50 requests (one curl each, keep-alive), status and
# body of each, until $T/stop-CLIENT exists (at most 60 batches: bounded)
load() {
  mkdir -p "$T/out-$1"
  : > "$T/codes-$1"
  b=0
  while [ $b -lt 60 ] && [ ! -e "$T/stop-$1" ]; do
    cfg="$T/load-$1.cfg"
    : > "$cfg"
    j=0
    while [ $j -lt 50 ]; do
      printf 'url = "%s"\noutput = "%s/out-%s/%03d-%02d"\n' "$QURL" "$T" "$1" $b $j >> "$cfg"
      j=$((j + 1))
    done
    curl -s --max-time 60 -H 'Accept: text/csv' -w '%{http_code}\n' -K "$cfg" >> "$T/codes-$1"
    b=$((b + 1))
  done
}
requests() { cat $(for c in "$@"; do echo "$T/codes-$c"; done) | wc -l | tr -d ' '; }
failed() { cat $(for c in "$@"; do echo "$T/codes-$c"; done) | grep -vc '^200$'; }
# the count each answer gave, as "COUNT:TIMES ..."
answers() {
  for c in "$@"; do awk 'FNR == 2' "$T/out-$c"/*; done | tr -d '\r' | sort | uniq -c |
    awk '{printf "%s:%s ", $2, $1}'
}
wait_requests() { # CLIENT N: until the client made N requests (at most 30 s)
  i=0
  while [ "$(requests "$1")" -lt "$2" ] && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
}

# ---- a bounded load; one replica killed while it runs ----
touch "$T/codes-a" "$T/codes-b"
load a & LA=$!
load b & LB=$!
wait_requests a 100
VICTIM=$(head -1 "$STATE/current/pids")
kill -KILL "$VICTIM"
before=$(requests a)
wait_requests a $((before + 150))
touch "$T/stop-a" "$T/stop-b"
wait $LA; wait $LB
after=$(requests a)
[ "$before" -ge 100 ] && [ "$after" -ge $((before + 100)) ] && ok ||
  bad "the kill was not mid-load: $before requests before, $after in all"
check kill-no-failed-request 0 "$(failed a b)"
check kill-consistent "$N1:$(requests a b) " "$(answers a b)"

# ---- cache headers through nginx: pages and dumps carry validators ----
status -H 'Accept: text/turtle' "$N/void" > /dev/null
check void-etag yes "$( [ -n "$(header ETag)" ] && echo yes || echo no)"
check void-cache-control 'public, max-age=60' "$(header Cache-Control)"
status -H 'Accept: text/turtle' "$N/void" > /dev/null
check void-cached HIT "$(header X-Cache-Status)"
check dump-head 200 "$(status -I "$N/dump/sila.nq.gz")"
check dump-cache-control 'public, max-age=60' "$(header Cache-Control)"

# ---- a write, a new backup, rolled onto new replicas during a load ----
check write 200 "$(update 'INSERT DATA { <http://example.org/new> <http://example.org/v> "new" }')"
"$SILA" backup --store "$T/primary" "$T/snap2" > "$T/backup2.out" 2>&1
check backup2-exit 0 $?
N2=$(n_of "$T/snap2")
check backup2-count $((NP + 1)) "$N2"
OLD_PIDS=$(cat "$STATE/current/pids")
touch "$T/codes-c" "$T/codes-d"
load c & LC=$!
load d & LD=$!
wait_requests c 100
"$SRC/scripts/roll-replicas.sh" --sila "$SILA" --snapshot "$T/snap2" --state "$STATE" \
  --upstream "$UPS" --reload "$RELOAD" --drain 1 -- --workers 2 > "$T/ports2" 2> "$T/roll2.err"
check roll2-exit 0 $?
before=$(requests c)
wait_requests c $((before + 100))
touch "$T/stop-c" "$T/stop-d"
wait $LC; wait $LD
check roll-no-failed-request 0 "$(failed c d)"
# every answer is the old count or the new one, both seen (the roll happened
# during the load), and the last ones the new one
check roll-answers-old-then-new "$N1 $N2" "$(answers c d | tr ' ' '\n' | sed 's/:.*//' | sort -n | tr '\n' ' ' | sed 's/ $//')"
last=$(ls "$T/out-c" | tail -1)
check roll-last-answer "$N2" "$(sed -n 2p "$T/out-c/$last" | tr -d '\r')"
check after-roll "$(expect_body "$N2")" "$($C -H 'Accept: text/csv' "$QURL" | tr -d '\r')"
old_alive=0
for p in $OLD_PIDS; do kill -0 "$p" 2>/dev/null && old_alive=$((old_alive + 1)); done
check old-replicas-stopped 0 "$old_alive"
check old-generation-removed no "$( [ -d "$STATE/gen-1" ] && echo yes || echo no)"

[ $fail -eq 0 ] && echo "replica_test: $pass checks passed" && exit 0
echo "replica_test: $fail of $((pass + fail)) checks failed"
cat "$T/roll2.err" 2>/dev/null | head -5
tail -5 "$T/nginx/logs/error.log"
exit 1
