#!/usr/bin/env bash
# Lets the built binaries capture DNS live without running as root: grants CAP_NET_RAW and
# CAP_NET_ADMIN as file capabilities (setcap, from libcap2-bin). Re-run after every rebuild,
# since linking writes a new file without them. Usage: installer/grant-capture.sh [BUILD_DIR]
set -euo pipefail
build="${1:-build}"
if ! command -v setcap >/dev/null 2>&1 && [ ! -x /usr/sbin/setcap ] && [ ! -x /sbin/setcap ]; then
  echo "grant-capture: setcap not found; install libcap2-bin" >&2
  exit 1
fi
setcap_bin="$(command -v setcap || echo /usr/sbin/setcap)"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
granted=0
for bin in "$build/bin/dnshound-cli" "$build/bin/dnshound"; do
  if [ -f "$bin" ]; then
    $sudo "$setcap_bin" cap_net_raw,cap_net_admin=eip "$bin"
    echo "grant-capture: $bin may now capture ($(getcap "$bin" 2>/dev/null || echo granted))"
    granted=$((granted + 1))
  fi
done
if [ "$granted" -eq 0 ]; then
  echo "grant-capture: no binaries under $build/bin; build first" >&2
  exit 1
fi
