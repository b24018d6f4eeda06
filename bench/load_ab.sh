#!/usr/bin/env bash
# Two sila builds loading the same file into fresh stores, interleaved
# (A, B, A, B, ...: the shared machine's drift falls on both), with each
# run's wall clock, user and system CPU and peak RSS from GNU time, then the
# median and the range of each per build.  See bench/README.md ("Load").
#
#   bench/load_ab.sh [--runs R] [--dir DIR] SILA_A SILA_B FILE
#
# FILE: N-Triples or N-Quads, e.g. from
#   bench/sila-gen-shop --triples 5000000 --seed 1 --quads > shop5m.nq
# Stores go to DIR (default a temporary directory) and are deleted after
# each run.  Environment passed on (SILA_LOAD_THREADS, SILA_LOAD_CHUNK...).
set -u
export LC_ALL=C
RUNS=3
DIR=
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) RUNS=${2:?}; shift 2 ;;
    --dir) DIR=${2:?}; shift 2 ;;
    -h | --help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
    esac
done
[ $# -eq 3 ] || { sed -n '7p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
A=$1 B=$2 FILE=$3
[ -x /usr/bin/time ] || { echo "load_ab.sh: GNU time needed (apt-get install time)" >&2; exit 1; }
[ -r "$FILE" ] || { echo "load_ab.sh: cannot read $FILE" >&2; exit 1; }
if [ -z "$DIR" ]; then DIR=$(mktemp -d /tmp/sila-loadab.XXXXXX); trap 'rm -rf "$DIR"' EXIT; fi
quads=$(grep -c . "$FILE")
echo "file $FILE: $quads lines; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-2s %-3s %9s %8s %8s %9s %11s\n' build run wall_s user_s sys_s rss_MB quads/s
for r in $(seq 1 "$RUNS"); do
    for side in A B; do
        bin=$A; [ $side = B ] && bin=$B
        store=$DIR/store_$side
        rm -rf "$store"
        "$bin" init "$store" >/dev/null || exit 1
        /usr/bin/time -f '%e %U %S %M' -o "$DIR/time" "$bin" load -q --store "$store" "$FILE" \
            2>"$DIR/err" || { echo "load_ab.sh: $side failed: $(cat "$DIR/err")" >&2; exit 1; }
        read -r wall user sys rss < "$DIR/time"
        printf '%-5s %-3s %9s %8s %8s %9d %11.0f\n' $side "$r" "$wall" "$user" "$sys" $((rss / 1024)) \
            "$(echo "$quads / $wall" | bc -l)"
        echo "$side $wall $user $sys $rss" >> "$DIR/all"
        rm -rf "$store"
    done
done
echo "medians (min-max):"
for side in A B; do
    for col in 2 3 4 5; do
        awk -v s=$side -v c=$col '$1 == s { print $c }' "$DIR/all" | sort -n > "$DIR/col"
        n=$(wc -l < "$DIR/col")
        med=$(sed -n "$(( (n + 1) / 2 ))p" "$DIR/col")
        printf '%s ' "$(echo "$col" | sed 's/2/wall/;s/3/user/;s/4/sys/;s/5/rssKB/')=$med($(head -1 "$DIR/col")-$(tail -1 "$DIR/col"))"
    done
    echo " [$side]"
done
rm -f "$DIR/all"
