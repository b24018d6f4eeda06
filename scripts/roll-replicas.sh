#!/bin/sh
# roll-replicas.sh — put a new snapshot (a `sila backup`) in front of readers
# without a failed request: start N new read replicas on copies of the
# snapshot, wait until each answers /health, point nginx at them (an upstream
# file rewritten atomically, then `nginx -s reload`: old workers finish
# their requests on the old replicas), let the old replicas drain, then stop
# them with SIGTERM.  Until nginx reloads, the old replicas answer; after,
# the new ones; a request is never sent to a stopped one.
#
# usage: roll-replicas.sh --snapshot DIR --state DIR --upstream FILE
#                         --reload 'COMMAND' [--replicas N] [--drain SECONDS]
#                         [--sila PATH] [-- SERVE-OPTIONS...]
#   --snapshot  a store made by `sila backup` (each replica gets its own copy)
#   --state     where the replicas live: STATE/gen-K/rI (store, log), and
#               STATE/current (the live generation: its PIDs and ports)
#   --upstream  the file nginx includes: written as `upstream sila_replicas {…}`
#   --reload    the command that makes nginx reread it (e.g. 'nginx -s reload'
#               or 'systemctl reload nginx')
# Prints the new replicas' ports; exits non-zero, leaving the old ones
# serving, when a new replica does not start.
set -eu
snapshot= state= upstream= reload= n=2 drain=2 sila=${SILA_BIN:-sila}
while [ $# -gt 0 ]; do
  case $1 in
  --snapshot) snapshot=$2; shift 2 ;;
  --state) state=$2; shift 2 ;;
  --upstream) upstream=$2; shift 2 ;;
  --reload) reload=$2; shift 2 ;;
  --replicas) n=$2; shift 2 ;;
  --drain) drain=$2; shift 2 ;;
  --sila) sila=$2; shift 2 ;;
  --) shift; break ;;
  *) echo "roll-replicas: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$snapshot" ] && [ -n "$state" ] && [ -n "$upstream" ] && [ -n "$reload" ] ||
  { echo "roll-replicas: --snapshot, --state, --upstream and --reload are required" >&2; exit 2; }
[ -f "$snapshot/data.mdb" ] || { echo "roll-replicas: $snapshot is not a store" >&2; exit 1; }
mkdir -p "$state"
gen=1
[ -f "$state/current/gen" ] && gen=$(( $(cat "$state/current/gen") + 1 ))
dir="$state/gen-$gen"
rm -rf "$dir"
mkdir -p "$dir"

new_pids=
fail() {
  echo "roll-replicas: $*" >&2
  for p in $new_pids; do kill -TERM "$p" 2>/dev/null || true; done
  exit 1
}
i=1
: > "$dir/servers"
while [ "$i" -le "$n" ]; do
  # Each replica its own copy: its own lock file and reader table.
  mkdir "$dir/r$i"
  cp "$snapshot/data.mdb" "$dir/r$i/data.mdb"
  : > "$dir/r$i.log"
  nohup "$sila" serve --store "$dir/r$i" --port 0 "$@" > /dev/null 2> "$dir/r$i.log" &
  pid=$!
  new_pids="$new_pids $pid"
  echo "$pid" >> "$dir/pids"
  port= t=0
  while [ $t -lt 200 ]; do
    port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$dir/r$i.log" || true)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || fail "replica $i exited: $(cat "$dir/r$i.log")"
    sleep 0.05; t=$((t + 1))
  done
  [ -n "$port" ] || fail "replica $i did not start: $(cat "$dir/r$i.log")"
  curl -sf --max-time 10 -o /dev/null "http://127.0.0.1:$port/health" ||
    fail "replica $i on port $port does not answer /health"
  echo "    server 127.0.0.1:$port max_fails=1 fail_timeout=10s;" >> "$dir/servers"
  echo "$port"
  i=$((i + 1))
done

# The new upstream: written beside, then renamed (nginx never reads half).
{
  echo "upstream sila_replicas {"
  cat "$dir/servers"
  echo "    keepalive 16;"
  echo "}"
} > "$upstream.new"
mv "$upstream.new" "$upstream"
echo "$gen" > "$dir/gen"
old=
[ -L "$state/current" ] && old=$(readlink "$state/current")
sh -c "$reload" || fail "reload failed: $reload (the old replicas still serve)"
ln -sfn "gen-$gen" "$state/current.new" && mv -T "$state/current.new" "$state/current"

# Drain: nginx's old workers finish their requests, then the old replicas go.
if [ -n "$old" ] && [ -d "$state/$old" ]; then
  sleep "$drain"
  for p in $(cat "$state/$old/pids" 2>/dev/null); do kill -TERM "$p" 2>/dev/null || true; done
  for p in $(cat "$state/$old/pids" 2>/dev/null); do
    t=0
    while kill -0 "$p" 2>/dev/null && [ $t -lt 200 ]; do sleep 0.05; t=$((t + 1)); done
  done
  rm -rf "${state:?}/$old"
fi
