#!/usr/bin/env bash
# Installs exactly the Debian packages that DNS Hound's build and tests need. Idempotent.
set -euo pipefail
pkgs=(
  cmake ninja-build ccache g++ pkg-config clang-format
  qt6-base-dev qt6-base-dev-tools
  libqcustomplot-dev libqcustomplot2.1-qt6
  libsqlite3-dev libxgboost-dev xgboost libyaml-cpp-dev libpcap-dev libpsl-dev libpcre2-dev zlib1g-dev
  # the loopback DNS lab tests (tests/lab) and the live-capture benchmark
  unbound dns2tcp iodine dnsperf tshark dnsutils
  poppler-utils libcap2-bin dpkg-dev file
  libbenchmark-dev
)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "deps: all ${#pkgs[@]} packages present"
fi
