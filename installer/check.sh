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

echo "== ThreadSanitizer build of the pipeline, and its multi-threaded tests"
unset LSAN_OPTIONS ASAN_OPTIONS
cmake --preset tsan >/dev/null
cmake --build build-tsan -j "$jobs" --target dnshound-cli app_test_analyze_command \
    core_pipeline_test_subnet_batcher core_store_test_store_roundtrip
export TSAN_OPTIONS="halt_on_error=1:suppressions=$root/installer/tsan.supp"
ctest --test-dir build-tsan --output-on-failure -R 'app/test_analyze_command|core/pipeline/test_subnet_batcher|core/store/test_store_roundtrip'
echo "== all checks passed"
