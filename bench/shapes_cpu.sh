#!/usr/bin/env bash
# shapes_cpu.sh — CPU milliseconds a run of each query, in process, for one or
# more builds of sila-qbench side by side (issue 21: before/after on a shared
# machine, where wall-clock medians move with the other work but CPU time much
# less).
#
#   bench/shapes_cpu.sh --store DIR [--runs N] [--reps K] [--qbench PATH]... QUERY.rq...
#
# For each repetition, each query and each qbench (interleaved, so every build
# sees the same noise): task-clock of `sila-qbench --runs N` minus that of
# `--runs 5`, over N - 5 (the process start, the store's open and the first,
# cold run cancel out).  Prints every sample and the median and spread
# (min–max) per query and build.  --qbench defaults to ./bench/sila-qbench.
set -euo pipefail

store= runs=100 reps=3
qbenches=()
queries=()
while [ $# -gt 0 ]; do
  case "$1" in
    --store) store=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --qbench) qbenches+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "shapes_cpu.sh: unknown option $1" >&2; exit 2 ;;
    *) queries+=("$1"); shift ;;
  esac
done
[ -n "$store" ] && [ ${#queries[@]} -gt 0 ] || { echo "usage: shapes_cpu.sh --store DIR [--runs N] [--reps K] [--qbench PATH]... QUERY.rq..." >&2; exit 2; }
[ ${#qbenches[@]} -gt 0 ] || qbenches=(./bench/sila-qbench)
[ "$runs" -gt 5 ] || { echo "shapes_cpu.sh: --runs must be more than 5" >&2; exit 2; }
command -v perf >/dev/null || { echo "shapes_cpu.sh: needs perf (linux-perf) for task-clock" >&2; exit 1; }

# task-clock ms of one qbench process
task_ms() {
  perf stat -x, -e task-clock "$1" --store "$store" --runs "$2" "$3" 2>&1 >/dev/null |
    awk -F, '$3 == "task-clock" { print $1 }'
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for ((rep = 1; rep <= reps; rep++)); do
  for q in "${queries[@]}"; do
    for b in "${!qbenches[@]}"; do
      big=$(task_ms "${qbenches[$b]}" "$runs" "$q")
      small=$(task_ms "${qbenches[$b]}" 5 "$q")
      per=$(awk -v a="$big" -v b="$small" -v n="$runs" 'BEGIN { printf "%.3f", (a - b) / (n - 5) }')
      echo "$(basename "$q") build=$b rep=$rep cpu_ms=$per"
      echo "$(basename "$q") $b $per" >>"$tmp"
    done
  done
done
echo "---- CPU ms a run: median (min-max) of $reps; builds: ${qbenches[*]}"
for q in "${queries[@]}"; do
  line=$(printf '%-28s' "$(basename "$q")")
  for b in "${!qbenches[@]}"; do
    s=$(awk -v q="$(basename "$q")" -v b="$b" '$1 == q && $2 == b { print $3 }' "$tmp" | sort -g |
      awk '{ v[NR] = $1 } END { printf "%.3f (%.3f-%.3f)", v[int((NR + 1) / 2)], v[1], v[NR] }')
    line+="  $s"
  done
  echo "$line"
  echo "RESULT query=$(basename "$q") $(for b in "${!qbenches[@]}"; do
    awk -v q="$(basename "$q")" -v b="$b" '$1 == q && $2 == b { print $3 }' "$tmp" | sort -g |
      awk -v b="$b" '{ v[NR] = $1 } END { printf "build%d_cpu_ms=%.3f ", b, v[int((NR + 1) / 2)] }'
  done)"
done
