#!/usr/bin/env bash
# Load benchmark: raptor's parse-only rate (the floor to beat) against `sila load`
# into a fresh store, on the same generated file. See bench/README.md.
#
#   bench/load.sh [--triples N] [--seed S] [--runs R] [--quads] [--keep]
#
# With --runs R each step runs R times and the fastest run is reported (the
# machine is shared: other work only ever makes a run slower).
#
# Environment: SILA_BIN (default ./sila), SILA_GEN (default: bench/sila-gen of the
# build dir), SILA_BENCH_DIR (cache of generated files and stores; default
# bench/data beside this script), SILA_BENCH_RSS=proc (peak RSS from /proc
# even when GNU time is installed).
set -u
export LC_ALL=C

usage() {
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
}

TRIPLES=1000000
SEED=1
QUADS=0
KEEP=0
RUNS=1
while [ $# -gt 0 ]; do
    case "$1" in
    --triples) TRIPLES=${2:?--triples needs a value}; shift 2 ;;
    --seed) SEED=${2:?--seed needs a value}; shift 2 ;;
    --quads) QUADS=1; shift ;;
    --keep) KEEP=1; shift ;;
    --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
    esac
done
# Accept 500k / 5M like sila-gen does; the rates need the plain number.
case "$TRIPLES" in
*[kK]) TRIPLES=$(( ${TRIPLES%?} * 1000 )) ;;
*[mM]) TRIPLES=$(( ${TRIPLES%?} * 1000000 )) ;;
esac
case "$TRIPLES$SEED$RUNS" in
*[!0-9]*) echo "load.sh: --triples, --seed and --runs take numbers" >&2; exit 2 ;;
esac
[ "$RUNS" -ge 1 ] || RUNS=1

die() { echo "load.sh: $*" >&2; exit 1; }

SCRIPT_DIR=$(cd "$(dirname "$0")" && pwd)
SILA_BIN=${SILA_BIN:-./sila}
if [ -z "${SILA_GEN:-}" ]; then
    for g in ./bench/sila-gen ./sila-gen "$SCRIPT_DIR/sila-gen"; do
        if [ -x "$g" ]; then SILA_GEN=$g; break; fi
    done
fi
[ -n "${SILA_GEN:-}" ] && [ -x "$SILA_GEN" ] ||
    die "sila-gen not found: build it (make -C bench sila-gen) and run from the build dir, or set SILA_GEN"
command -v rapper >/dev/null || die "rapper not found: apt-get install raptor2-utils"

DATA_DIR=${SILA_BENCH_DIR:-$SCRIPT_DIR/data}
mkdir -p "$DATA_DIR" || die "cannot create $DATA_DIR"
TMP=$(mktemp -d) || die "mktemp failed"
STORE=""
GEN_TMP=""
cleanup() {
    rm -rf "$TMP"
    [ -z "$GEN_TMP" ] || rm -f "$GEN_TMP"
    if [ -n "$STORE" ] && [ "$KEEP" = 0 ]; then rm -rf "$STORE"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- measuring --------------------------------------------------------------
# measure NAME CMD...: runs CMD with stdout discarded and stderr in $TMP/NAME.err;
# sets SECS (wall clock, ns resolution), CPU (user + system seconds, GNU time
# only, else "-"; less sensitive to other load on the machine), RSS_KB (peak
# resident set size of CMD) and RC. Peak RSS comes from GNU time when present,
# else from polling VmHWM in /proc/PID/status (a lower bound: the last sample
# before exit, and child processes are not seen).
if [ "${SILA_BENCH_RSS:-}" != proc ] && /usr/bin/time --version 2>&1 | grep -q GNU; then
    RSS_METHOD=gnu-time
else
    RSS_METHOD=proc-vmhwm-poll
fi

now_ns() { date +%s%N; }

measure() {
    local name=$1; shift
    local t0 t1
    RSS_KB=0
    CPU=-
    t0=$(now_ns)
    if [ "$RSS_METHOD" = gnu-time ]; then
        /usr/bin/time -f '%M %U %S' -o "$TMP/$name.rss" "$@" >/dev/null 2>"$TMP/$name.err"
        RC=$?
        t1=$(now_ns)
        local line
        line=$(tail -n 1 "$TMP/$name.rss" 2>/dev/null)
        RSS_KB=${line%% *}
        case "$RSS_KB" in '' | *[!0-9]*) RSS_KB=0 ;; esac
        CPU=$(echo "$line" | awk 'NF == 3 { printf "%.2f", $2 + $3; exit } { print "-" }')
    else
        "$@" >/dev/null 2>"$TMP/$name.err" &
        local pid=$! hwm
        while kill -0 "$pid" 2>/dev/null; do
            hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null)
            [ -n "$hwm" ] && RSS_KB=$hwm
            sleep 0.05
        done
        wait "$pid"
        RC=$?
        t1=$(now_ns)
    fi
    SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
}

# keep_best / take_best: over several runs, the fastest wall clock, the least
# CPU time and the largest peak RSS.
BEST_SECS="" BEST_CPU=- BEST_RSS=0
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
keep_best() {
    [ "$RSS_KB" -gt "$BEST_RSS" ] && BEST_RSS=$RSS_KB
    if [ -z "$BEST_SECS" ] || lt "$SECS" "$BEST_SECS"; then BEST_SECS=$SECS; fi
    if [ "$CPU" != - ] && { [ "$BEST_CPU" = - ] || lt "$CPU" "$BEST_CPU"; }; then BEST_CPU=$CPU; fi
}
take_best() {
    SECS=$BEST_SECS CPU=$BEST_CPU RSS_KB=$BEST_RSS
    BEST_SECS="" BEST_CPU=- BEST_RSS=0
}

# best NAME CMD...: measure CMD $RUNS times and take the best; RC = first
# non-zero exit status (then stops).
best() {
    local name=$1; shift
    local i
    for ((i = 1; i <= RUNS; i++)); do
        measure "$name" "$@"
        [ "$RC" = 0 ] || return
        keep_best
    done
    take_best
}

rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print 0 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
row() { printf '%-34s %10s %8s %12s %14s\n' "$@"; }
RESULTS=()
result() { RESULTS+=("RESULT $1=$2"); }

# ---- data -------------------------------------------------------------------
# gen EXT FLAGS...: the cached file for this size, seed and format; regenerated
# when missing or older than the generator (its output may have changed).
GEN_SECS=""
gen() {
    local ext=$1; shift
    local f="$DATA_DIR/calabria-$TRIPLES-s$SEED.$ext"
    if [ ! -s "$f" ] || [ "$SILA_GEN" -nt "$f" ]; then
        echo "generating $f ..." >&2
        GEN_TMP="$f.tmp"
        measure gen "$SILA_GEN" --triples "$TRIPLES" --seed "$SEED" "$@" -o "$GEN_TMP"
        [ "$RC" = 0 ] || { cat "$TMP/gen.err" >&2; die "sila-gen failed"; }
        mv "$GEN_TMP" "$f"
        GEN_TMP=""
        [ "$ext" = ttl ] || GEN_SECS=$SECS
    fi
    FILE=$f
}

if [ "$QUADS" = 1 ]; then
    gen nq --quads; DATA=$FILE; SYNTAX=nquads; LABEL=N-Quads
else
    gen nt; DATA=$FILE; SYNTAX=ntriples; LABEL=N-Triples
    gen ttl --turtle; TTL=$FILE
fi
DATA_BYTES=$(stat -c %s "$DATA")
LINES=$(wc -l <"$DATA")

# Read each file once so every parser starts from the page cache.
cat "$DATA" ${TTL:+"$TTL"} >/dev/null

echo
echo "Sila load benchmark: $TRIPLES triples, seed $SEED"
echo "file: $DATA ($(mib $((DATA_BYTES / 1024))) MiB, $LINES lines)"
echo "runs: $RUNS (the fastest is shown)"
read -r LOAD1 _ </proc/loadavg
NCPU=$(nproc)
if awk -v l="$LOAD1" -v n="$NCPU" 'BEGIN { exit !(l > n / 2) }'; then
    echo "note: the machine is busy (load average $LOAD1 on $NCPU CPUs): times are noisy; use --runs 3"
fi
echo
row "step" "time (s)" "CPU (s)" "triples/s" "peak RSS (MiB)"
row "----" "--------" "-------" "---------" "--------------"
result triples "$TRIPLES"
result seed "$SEED"
result format "$SYNTAX"
result file_bytes "$DATA_BYTES"
result rss_method "$RSS_METHOD"
result runs "$RUNS"
result load_average "$LOAD1"
if [ -n "$GEN_SECS" ]; then
    row "generate ($LABEL, sila-gen)" "$GEN_SECS" "" "$(rate "$TRIPLES" "$GEN_SECS")" ""
    result gen_seconds "$GEN_SECS"
    result gen_rate "$(rate "$TRIPLES" "$GEN_SECS")"
fi

# ---- raptor -----------------------------------------------------------------
raptor_count() { sed -n 's/.*Parsing returned \([0-9]*\) triples.*/\1/p' "$TMP/$1.err" | tail -n 1; }

best raptor rapper -i "$SYNTAX" -c "$DATA"
[ "$RC" = 0 ] || { cat "$TMP/raptor.err" >&2; die "rapper failed on $DATA"; }
[ "$(raptor_count raptor)" = "$TRIPLES" ] ||
    die "rapper counted $(raptor_count raptor) triples in $DATA, expected $TRIPLES"
RAPTOR_SECS=$SECS
RAPTOR_RATE=$(rate "$TRIPLES" "$SECS")
row "raptor parse $LABEL (rapper -c)" "$SECS" "$CPU" "$RAPTOR_RATE" "$(mib "$RSS_KB")"
RAPTOR_CPU=$CPU
result raptor_cpu_seconds "$CPU"
result raptor_seconds "$SECS"
result raptor_rate "$RAPTOR_RATE"
result raptor_rss_kb "$RSS_KB"

if [ -n "${TTL:-}" ]; then
    best raptor_ttl rapper -i turtle -c "$TTL"
    [ "$RC" = 0 ] || { cat "$TMP/raptor_ttl.err" >&2; die "rapper failed on $TTL"; }
    [ "$(raptor_count raptor_ttl)" = "$TRIPLES" ] ||
        die "rapper counted $(raptor_count raptor_ttl) triples in $TTL, expected $TRIPLES"
    row "raptor parse Turtle (reference)" "$SECS" "$CPU" "$(rate "$TRIPLES" "$SECS")" "$(mib "$RSS_KB")"
    result raptor_turtle_cpu_seconds "$CPU"
    result raptor_turtle_seconds "$SECS"
    result raptor_turtle_rate "$(rate "$TRIPLES" "$SECS")"
    result raptor_turtle_rss_kb "$RSS_KB"
    result turtle_file_bytes "$(stat -c %s "$TTL")"
fi

finish() {
    echo
    echo "peak RSS measured with: $RSS_METHOD"
    printf '%s\n' "${RESULTS[@]}"
}

# ---- sila -------------------------------------------------------------------
if [ ! -x "$SILA_BIN" ]; then
    echo
    echo "sila: NOT MEASURED - no sila CLI at SILA_BIN=$SILA_BIN (run from the build dir or set SILA_BIN)."
    result sila_status missing
    finish
    exit 0
fi

STORE="$DATA_DIR/store-$TRIPLES-s$SEED-$$"
# sila_init: a fresh store for each run; returns non-zero (and explains) when
# `sila init` made no store.
sila_init() {
    rm -rf "$STORE"
    if ! "$SILA_BIN" init "$STORE" >"$TMP/init.out" 2>&1 || [ ! -d "$STORE" ] || [ -z "$(ls -A "$STORE")" ]; then
        echo
        echo "sila: NOT MEASURED - '$SILA_BIN init $STORE' did not create a store (is 'sila init' implemented yet?):"
        sed 's/^/    /' "$TMP/init.out" | head -n 10
        return 1
    fi
}
for ((run = 1; run <= RUNS; run++)); do
    if ! sila_init; then
        result sila_status no-init
        finish
        exit 0
    fi
    measure sila "$SILA_BIN" load --store "$STORE" "$DATA"
    if [ "$RC" != 0 ]; then
        echo
        echo "sila: load FAILED (exit $RC):"
        sed 's/^/    /' "$TMP/sila.err" | head -n 20
        result sila_status load-failed
        finish
        exit 1
    fi
    keep_best
done
take_best
SILA_SECS=$SECS
SILA_RATE=$(rate "$TRIPLES" "$SECS")
row "sila load $LABEL (fresh store)" "$SECS" "$CPU" "$SILA_RATE" "$(mib "$RSS_KB")"
SILA_CPU=$CPU
result sila_load_cpu_seconds "$CPU"
result sila_status ok
result sila_load_seconds "$SECS"
result sila_load_rate "$SILA_RATE"
result sila_load_rss_kb "$RSS_KB"

# Quads in the store: from `sila stats` (first number after "quads" or
# "triples"), else the line count of the file (one statement per line).
QUADS_N=""
QUADS_FROM="wc -l"
if "$SILA_BIN" stats --store "$STORE" >"$TMP/stats.out" 2>&1; then
    QUADS_N=$(grep -Eio '"?(quads|triples)"?[^0-9]{0,12}[0-9]+' "$TMP/stats.out" | head -n 1 | grep -Eo '[0-9]+$')
    [ -n "$QUADS_N" ] && QUADS_FROM="sila stats"
    # Dictionary entries, when stats tells (terms kept inline in IDs are not in it).
    STORE_TERMS=$(grep -Eio '^"?terms"?[^0-9]{0,12}[0-9]+' "$TMP/stats.out" | head -n 1 | grep -Eo '[0-9]+$')
    [ -z "$STORE_TERMS" ] || result store_terms "$STORE_TERMS"
fi
[ -n "$QUADS_N" ] || QUADS_N=$LINES
STORE_BYTES=$(du -sb "$STORE" | cut -f1)
STORE_ALLOC=$(du -sB1 "$STORE" | cut -f1)
RATIO=$(awk -v a="$RAPTOR_SECS" -v b="$SILA_SECS" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print 0 }')
CPU_RATIO=$(awk -v a="$RAPTOR_CPU" -v b="$SILA_CPU" 'BEGIN { if (a != "-" && b != "-" && b > 0) printf "%.2f", a / b; else print "-" }')
BPQ=$(awk -v b="$STORE_BYTES" -v q="$QUADS_N" 'BEGIN { if (q > 0) printf "%.1f", b / q; else print 0 }')
BPQ_ALLOC=$(awk -v b="$STORE_ALLOC" -v q="$QUADS_N" 'BEGIN { if (q > 0) printf "%.1f", b / q; else print 0 }')
echo
printf '%-34s %s   (goal >= 1.00 at 5 M triples; on CPU time: %s)\n' "sila rate / raptor rate" "$RATIO" "$CPU_RATIO"
printf '%-34s %s bytes / %s quads (%s) = %s bytes/quad   (goal <= 100)\n' \
    "store on disk (du -b)" "$STORE_BYTES" "$QUADS_N" "$QUADS_FROM" "$BPQ"
printf '%-34s %s bytes = %s bytes/quad\n' "  allocated blocks (du -B1)" "$STORE_ALLOC" "$BPQ_ALLOC"
[ "$QUADS_N" = "$TRIPLES" ] ||
    echo "note: the store holds $QUADS_N quads, the file $TRIPLES statements (duplicates, or a count mismatch)"
result sila_raptor_ratio "$RATIO"
result sila_raptor_cpu_ratio "$CPU_RATIO"
result store_bytes "$STORE_BYTES"
result store_alloc_bytes "$STORE_ALLOC"
result store_quads "$QUADS_N"
result store_quads_from "${QUADS_FROM// /-}"
result bytes_per_quad "$BPQ"
if [ "$KEEP" = 1 ]; then
    echo "store kept in $STORE"
    result store_dir "$STORE"
fi
finish
