#!/usr/bin/env bash
# Times DNS Hound against tshark on one generated capture (issue 5's speed benchmark).
#
#   installer/bench-pcap.sh [--packets N] [--runs R] [--tshark-runs R] [--seed S] [--cli PATH]
#                           [--workdir DIR] [--keep] [--baseline-cli PATH] [--pcap FILE]
#
# Generates a deterministic capture of N packets (default 4,000,000) with
# `dnshound-cli generate-sample --pcap`, then runs, R times each (default 3; tshark, which is
# slow, --tshark-runs times, default R), in the same run:
#   tshark -r FILE -Y dns -T fields -e ip.src -e dns.qry.name -e dns.flags.rcode > /dev/null
#   dnshound-cli analyze --format pcap --input FILE --quiet
#   dnshound-cli analyze --format pcap --input FILE --quiet --no-queries
#   dnshound-cli analyze --format pcap --input FILE --quiet --no-queries, pinned to one core
# each under /usr/bin/time -v (with --baseline-cli, an older dnshound-cli is timed the same way
# on the same file, for before/after figures from one run; --pcap times an existing capture of
# --packets packets instead of generating one), and prints packets/s (best and median), the ratio to tshark and
# the peak RSS. Wall-clock time of the whole process is used: start-up (model load) included.
# On a shared machine, look at the best figure and say how busy the machine was (load shown).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packets=4000000
runs=3
tshark_runs=""
seed=20261127
cli="${DNSHOUND_CLI:-$here/build/bin/dnshound-cli}"
workdir=""
keep=0
baseline=""
given_pcap=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --packets) packets="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --tshark-runs) tshark_runs="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        --cli) cli="$2"; shift 2 ;;
        --workdir) workdir="$2"; shift 2 ;;
        --keep) keep=1; shift ;;
        --baseline-cli) baseline="$2"; shift 2 ;;
        --pcap) given_pcap="$2"; shift 2 ;;
        -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
        *) echo "bench-pcap: unknown option $1" >&2; exit 2 ;;
    esac
done
for tool in tshark /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "bench-pcap: $tool is missing (installer/deps.sh)" >&2; exit 2; }
done
[[ -x "$cli" ]] || { echo "bench-pcap: no dnshound-cli at $cli (build it or pass --cli)" >&2; exit 2; }

if [[ -z "$workdir" ]]; then workdir="$(mktemp -d /tmp/dnshound-bench-pcap.XXXXXX)"; fi
mkdir -p "$workdir"
cleanup() { [[ $keep -eq 1 ]] || rm -rf "$workdir"; }
trap cleanup EXIT
pcap="$workdir/bench.pcap"

echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
if [[ -n "$given_pcap" ]]; then
    pcap="$given_pcap"
    echo "timing $pcap (given as $packets packets)"
else
    echo "generating $packets packets (seed $seed) -> $pcap"
    "$cli" generate-sample --pcap "$pcap" --packets "$packets" --seed "$seed"
fi

# One timed run: prints "<wall seconds> <peak RSS KiB> <user+system CPU seconds>".
timed() {
    local log="$workdir/time.log"
    /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$workdir/stderr.log" || {
        echo "bench-pcap: failed: $*" >&2; cat "$workdir/stderr.log" >&2; exit 1; }
    local wall rss cpu
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" |
        awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
    cpu=$(awk -F': ' '/User time|System time/ {t += $2} END {print t}' "$log")
    echo "$wall $rss $cpu"
}

declare -A best median rss cpubest
measure() {
    local label="$1" count="$2"; shift 2
    local walls=() cpus=() peak=0
    for ((r = 1; r <= count; r++)); do
        read -r wall kib cpu < <(timed "$@")
        walls+=("$wall")
        cpus+=("$cpu")
        (( kib > peak )) && peak=$kib
        printf '  %-28s run %d: %6.2f s wall, %6.2f s CPU  (load %s)\n' "$label" "$r" "$wall" \
            "$cpu" "$(cut -d' ' -f1 /proc/loadavg)"
    done
    best[$label]=$(printf '%s\n' "${walls[@]}" | sort -g | head -1)
    median[$label]=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    cpubest[$label]=$(printf '%s\n' "${cpus[@]}" | sort -g | head -1)
    rss[$label]=$peak
}

echo "timing $runs run(s) each (tshark: ${tshark_runs:-$runs})"
measure tshark "${tshark_runs:-$runs}" tshark -r "$pcap" -Y dns -T fields -e ip.src -e dns.qry.name -e dns.flags.rcode
measure analyze "$runs" "$cli" analyze --format pcap --input "$pcap" --quiet
measure analyze-no-queries "$runs" "$cli" analyze --format pcap --input "$pcap" --quiet --no-queries
if command -v taskset >/dev/null; then
    measure analyze-no-queries-1core "$runs" taskset -c 0 "$cli" analyze --format pcap --input "$pcap" \
        --quiet --no-queries
fi
if [[ -n "$baseline" ]]; then
    measure baseline "$runs" "$baseline" analyze --format pcap --input "$pcap" --quiet
    measure baseline-no-queries "$runs" "$baseline" analyze --format pcap --input "$pcap" --quiet \
        --no-queries
    command -v taskset >/dev/null && measure baseline-no-queries-1core "$runs" taskset -c 0 \
        "$baseline" analyze --format pcap --input "$pcap" --quiet --no-queries
fi

echo
printf '%-28s %13s %13s %8s %8s %13s %8s %9s\n' tool "best pkt/s" "median pkt/s" "best x" \
    "median x" "pkt/CPU-s" "CPU x" "peak RSS"
for label in tshark analyze analyze-no-queries analyze-no-queries-1core baseline baseline-no-queries \
    baseline-no-queries-1core; do
    [[ -n "${best[$label]:-}" ]] || continue
    awk -v l="$label" -v n="$packets" -v b="${best[$label]}" -v m="${median[$label]}" \
        -v tb="${best[tshark]}" -v tm="${median[tshark]}" -v c="${cpubest[$label]}" \
        -v tc="${cpubest[tshark]}" -v r="${rss[$label]}" 'BEGIN {
        printf "%-28s %13.0f %13.0f %7.1fx %7.1fx %13.0f %7.1fx %6.0f MiB\n", l, n / b, n / m,
            tb / b, tm / m, n / c, tc / c, r / 1024 }'
done
echo "(x = tshark time / this time on the same file; pkt/CPU-s = packets per second of user+system"
echo " CPU time, the figure that survives a busy machine; $packets packets, $(du -h "$pcap" | cut -f1))"
