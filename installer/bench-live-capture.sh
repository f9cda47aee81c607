#!/usr/bin/env bash
# Live capture under load: dnsperf sends DNS queries at a target rate to unbound on 127.0.0.1
# for a while, `dnshound-cli capture --interface lo` captures them (queries and responses), and
# the script prints what each side saw: dnsperf's achieved rate and losses, the packets and DNS
# events the capture saw, and the drops libpcap reported. Not a test: numbers depend on the host.
#
# Usage: installer/bench-live-capture.sh [BUILD_DIR] [QPS] [SECONDS]   (root or CAP_NET_RAW and
#        CAP_NET_BIND_SERVICE; needs unbound and dnsperf: installer/deps.sh installs them)
#
#        installer/bench-live-capture.sh --blast [BUILD_DIR] [RATES] [SECONDS] [BUFFER_MB]
#        The same capture, loaded by `dnshound-cli blast` instead (no unbound, no dnsperf): a
#        fixed-rate, deterministic stream of DNS queries 127.0.0.95 -> 127.0.0.153:53 and their
#        responses, sent with sendmmsg, at each rate of RATES (packets/s, queries + responses;
#        default 50000,100000,150000). Prints, per rate: packets sent, packets and DNS packets
#        captured, DNS events (one per query/response pair), libpcap drops (pcap_stats) and the
#        capture's CPU time. BUFFER_MB sets DNSHOUND_CAPTURE_BUFFER_MB for the capture.
set -euo pipefail
if [[ "${1:-}" == "--blast" ]]; then
  shift
  build=${1:-build}
  rates=${2:-50000,100000,150000}
  secs=${3:-10}
  [[ -n "${4:-}" ]] && export DNSHOUND_CAPTURE_BUFFER_MB="$4"
  cli=$(realpath "$build/bin/dnshound-cli")
  [ -x "$cli" ] || { echo "bench: no $cli (build dnshound-cli first)" >&2; exit 2; }
  work=$(mktemp -d /tmp/dnshound-bench-blast.XXXXXX)
  trap 'rm -rf "$work"' EXIT
  echo "== blast -> capture on lo, $secs s per rate (host: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
  printf '%8s %10s %10s %10s %10s %10s %8s %9s %8s\n' rate sent "sent pps" captured "dns pkts" events drops "cap CPU" "us/pkt"
  for rate in ${rates//,/ }; do
    (
      TIMEFORMAT='%U %S'
      { time "$cli" capture --interface lo --bpf "udp port 53 and host 127.0.0.95" \
          --duration $((secs + 4)) --db "$work/live-$rate.sqlite" --summary "$work/live-$rate.json" \
          >"$work/capture-$rate.out" 2>"$work/capture-$rate.err"; } 2>"$work/capture-$rate.cpu"
    ) &
    cap=$!
    for _ in $(seq 1 100); do grep -q "capturing on" "$work/capture-$rate.err" && break; sleep 0.1; done
    grep -q "capturing on" "$work/capture-$rate.err" || { cat "$work/capture-$rate.err" >&2; exit 1; }
    "$cli" blast --target 127.0.0.153:53 --client 127.0.0.95 --rate "$rate" --duration "$secs" \
      >"$work/blast-$rate.json"
    wait "$cap" || { cat "$work/capture-$rate.err" >&2; exit 1; }
    python3 - "$rate" "$work/blast-$rate.json" "$work/live-$rate.json" "$work/capture-$rate.cpu" <<'PY'
import json, sys
rate = int(sys.argv[1])
b = json.load(open(sys.argv[2]))
s = json.load(open(sys.argv[3]))
user, system = (float(x) for x in open(sys.argv[4]).read().split())
cpu = user + system
print(f"{rate:8d} {b['packets_sent']:10d} {b['achieved_pps']:10.0f} {s['lines_total']:10d} "
      f"{s['lines_valid']:10d} {s['events']:10d} {s['capture_drops']:8d} {cpu:8.2f}s "
      f"{1e6 * cpu / max(s['lines_total'], 1):8.2f}")
PY
  done
  echo "(sent = queries + responses put on lo; captured = packets libpcap delivered; events should"
  echo " equal sent / 2 when every pair is captured; drops = pcap_stats ps_drop + ps_ifdrop)"
  exit 0
fi
build=${1:-build}
qps=${2:-100000}
secs=${3:-10}
cli=$(realpath "$build/bin/dnshound-cli")
client=127.0.0.95
for tool in unbound dnsperf dig; do
  command -v "$tool" >/dev/null || PATH=$PATH:/usr/sbin:/sbin command -v "$tool" >/dev/null ||
    { echo "bench: $tool is not installed (installer/deps.sh)" >&2; exit 2; }
done
[ -x "$cli" ] || { echo "bench: no $cli (build dnshound-cli first)" >&2; exit 2; }
if ss -lun | awk '{print $4}' | grep -q '^127.0.0.1:53$'; then
  echo "bench: 127.0.0.1:53 is in use" >&2; exit 2
fi

work=$(mktemp -d /tmp/dnshound-bench-live.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# unbound: answers from one local zone, no query log (the log would be the bottleneck).
{
  echo "server:"
  echo "  interface: 127.0.0.1"
  echo "  port: 53"
  echo "  access-control: 127.0.0.0/8 allow"
  echo "  num-threads: 1"
  echo "  so-rcvbuf: 8m"
  echo "  so-sndbuf: 8m"
  echo "  use-syslog: no"
  echo "  logfile: \"$work/unbound.log\""
  echo "  chroot: \"\""
  echo "  username: \"\""
  echo "  directory: \"$work\""
  echo "  pidfile: \"$work/unbound.pid\""
  echo "  module-config: \"iterator\""
  echo "  local-zone: \".\" static"
  echo "  local-zone: \"bench.example.\" static"
  for i in $(seq 0 999); do echo "  local-data: \"host-$i.bench.example. 300 IN A 192.0.2.$((i % 250 + 1))\""; done
} >"$work/unbound.conf"
# 1,000 names that exist and 100 that do not, in a fixed order.
{
  for i in $(seq 0 999); do echo "host-$i.bench.example A"; done
  for i in $(seq 0 99); do echo "missing-$i.bench.example A"; done
} >"$work/names.txt"

unbound -d -c "$work/unbound.conf" >"$work/unbound.out" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do
  dig +short +tries=1 +time=1 @127.0.0.1 host-1.bench.example >/dev/null 2>&1 && break
  sleep 0.2
done

# bash's `time` gives the capture's own CPU seconds (all of its threads).
(
  TIMEFORMAT='%U %S'
  { time "$cli" capture --interface lo --bpf "udp port 53 and host $client" \
      --duration $((secs + 6)) --db "$work/live.sqlite" --summary "$work/live.json" \
      >"$work/capture.out" 2>"$work/capture.err"; } 2>"$work/capture.cpu"
) &
cap=$!
pids+=($cap)
for _ in $(seq 1 100); do grep -q "capturing on" "$work/capture.err" && break; sleep 0.1; done
grep -q "capturing on" "$work/capture.err" || { cat "$work/capture.err" >&2; exit 1; }

dnsperf -s 127.0.0.1 -a "$client" -d "$work/names.txt" -l "$secs" -Q "$qps" -c 8 -q 2000 \
  >"$work/dnsperf.out" 2>&1 || true
wait "$cap" || true

echo "== dnsperf -Q $qps -l $secs (host: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg))"
grep -E "Queries sent|Queries completed|Queries lost|Queries per second|Average Latency" "$work/dnsperf.out" |
  sed 's/^ */  /'
echo "== dnshound-cli capture --interface lo"
python3 - "$work/live.json" "$work/capture.cpu" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
user, system = (float(x) for x in open(sys.argv[2]).read().split())
print(f"  packets seen     {s['lines_total']}")
print(f"  DNS packets      {s['lines_valid']}")
print(f"  DNS events       {s['events']}")
print(f"  libpcap drops    {s['capture_drops']}")
print(f"  elapsed          {s['elapsed_s']:.1f} s ({s['lines_total'] / max(s['elapsed_s'], 1e-9):.0f} packets/s over the whole run)")
print(f"  capture CPU      {user:.2f} s user + {system:.2f} s system = "
      f"{1e6 * (user + system) / max(s['lines_total'], 1):.2f} us per packet")
PY
