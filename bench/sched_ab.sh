#!/bin/bash
# sched_ab.sh — two Sila servers (or two configurations of one) alternated on
# the shapes of bench/shapes/ with N clients (compare/http_load.mjs, as
# bench/peers.sh runs it, Sila only), so that a change of the server's
# scheduling is measured against the noise of a shared machine:
#
#   bench/sched_ab.sh [--rounds R] [--seconds S] [--warmup S] [--clients N]
#                     [--shapes "s06 s07 ..."] --store DIR  A=SILA[:CONF] B=SILA[:CONF] ...
#
# Each round starts every server in turn (the order rotated from one round
# to the next) on the same store, runs the load, and stops it; SILA is a
# program (a built `sila`, or a script that execs one), CONF an optional
# `sila serve --config` file.  Prints, per server, the median of each shape
# in every round, the mixes/hour, the server's CPU per query and the load
# average before the run, then per shape the median of the rounds' medians.
# Defaults: 3 rounds, 15 s after 3 s of warm-up, 4 clients, all ten shapes
# (--shapes: those whose file names start with the words given).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rounds=3 seconds=15 warmup=3 clients=4 store= shapes=
while [ $# -gt 0 ]; do
  case "$1" in
  --rounds) rounds=$2; shift 2 ;;
  --seconds) seconds=$2; shift 2 ;;
  --warmup) warmup=$2; shift 2 ;;
  --clients) clients=$2; shift 2 ;;
  --store) store=$2; shift 2 ;;
  --shapes) shapes=$2; shift 2 ;;
  --*) echo "sched_ab.sh: unknown option $1" >&2; exit 2 ;;
  *) break ;;
  esac
done
[ -n "$store" ] && [ $# -ge 1 ] || { sed -n '2,17p' "$0" >&2; exit 2; }
queries=()
if [ -n "$shapes" ]; then
  for w in $shapes; do queries+=("$here"/shapes/"$w"*.rq); done
else
  queries=("$here"/shapes/*.rq)
fi
names=() progs=() confs=()
for spec in "$@"; do
  names+=("${spec%%=*}")
  rest=${spec#*=}
  progs+=("${rest%%:*}")
  [ "$rest" != "${rest#*:}" ] && confs+=("${rest#*:}") || confs+=("")
done
out=$(mktemp -d "${TMPDIR:-/tmp}/sila-sched-ab-XXXXXX")
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; wait 2>/dev/null; rm -rf "$out"' EXIT INT TERM
n=${#names[@]}
for ((round = 0; round < rounds; round++)); do
  for ((k = 0; k < n; k++)); do
    i=$(( (k + round) % n ))
    args=(serve --store "$store" --port 0 --max-per-client $((clients + 4)))
    [ -n "${confs[$i]}" ] && args+=(--config "${confs[$i]}")
    "${progs[$i]}" "${args[@]}" 2> "$out/log" &
    PID=$!
    port=
    for _ in $(seq 100); do
      port=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$out/log")
      [ -n "$port" ] && break
      sleep 0.1
    done
    [ -n "$port" ] || { cat "$out/log"; exit 1; }
    load=$(cut -d' ' -f1 /proc/loadavg)
    node "$here/compare/http_load.mjs" --endpoint "http://127.0.0.1:$port/sparql" \
      --engine "${names[$i]}" --clients "$clients" --seconds "$seconds" --warmup "$warmup" \
      --timeout 60 --server-pid "$PID" "${queries[@]}" > "$out/run" 2>&1 || true
    kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
    sed -n "s/^RESULT /RESULT round=$round load=$load /p" "$out/run" >> "$out/results"
    echo "round $round ${names[$i]}: load $load, $(grep -o 'mixes_per_hour=[0-9.]*' "$out/run")"
  done
done
python3 - "$out/results" "${names[@]}" <<'EOF'
import sys, statistics
path, names = sys.argv[1], sys.argv[2:]
rows = [dict(kv.split("=", 1) for kv in l.split()[1:] if "=" in kv) for l in open(path)]
shapes = sorted({r["query"] for r in rows if "query" in r})
print(f"\nmedian ms per shape in each round (then the median of the rounds), {rows[0]['clients']} clients")
print(f"{'shape':26}" + "".join(f"{n:>44}" for n in names))
def cell(vals):
    f = lambda v: f"{v:.3g}" if v < 1000 else f"{v:,.0f}"
    return (" ".join(f(v) for v in vals) + f" | {f(statistics.median(vals))}") if vals else "-"
for s in shapes:
    line = f"{s:26}"
    for n in names:
        line += f"{cell([float(r['median_ms']) for r in rows if r['engine'] == n and r.get('query') == s]):>44}"
    print(line)
for key, label in (("mixes_per_hour", "mixes/hour"), ("server_cpu_ms_per_query", "server CPU ms/query"),
                   ("load", "load average before")):
    line = f"{label:26}"
    for n in names:
        line += f"{cell([float(r[key]) for r in rows if r['engine'] == n and 'queries_per_hour' in r]):>44}"
    print(line)
EOF
