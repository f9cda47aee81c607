#!/usr/bin/env bash
# Installs dependencies, builds DNS Hound, runs every test; then does the same with an
# AddressSanitizer + UndefinedBehaviorSanitizer Debug build. Exit status: 0 only if all passed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

installer/deps.sh

jobs=$(nproc)
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
export QT_QPA_PLATFORM=offscreen

echo "== release-with-debug-info build"
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$jobs"

echo "== tests"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== ASan+UBSan Debug build"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDNSHOUND_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$jobs"

echo "== tests under ASan+UBSan"
# Leak checking stays on for our code; Qt's plugin loader and fontconfig keep caches for the
# process lifetime, which LeakSanitizer would report, so those libraries are suppressed.
export LSAN_OPTIONS="suppressions=$root/installer/lsan.supp:print_suppressions=0"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
ctest --test-dir build-asan --output-on-failure -j "$jobs"
echo "== all checks passed"
