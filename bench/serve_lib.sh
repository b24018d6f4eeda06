# serve_lib.sh — `sila serve` for the benchmark scripts (sourced, after
# SILA is set):
#   bench_serve LOG ARGS...   `$SILA serve --port 0 ARGS` on 127.0.0.1 in the
#                             background, its stderr in LOG; sets PID and PORT;
#                             when no port shows within 10 s, prints LOG and
#                             exits 1.  Stopping it (by PID) is the caller's.
bench_serve() {
  local log=$1
  shift
  : > "$log"
  "$SILA" serve --port 0 "$@" 2> "$log" &
  PID=$!
  PORT=
  for _ in $(seq 100); do
    PORT=$(sed -n 's/.*listening on http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$log" | head -1)
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  cat "$log"
  exit 1
}
