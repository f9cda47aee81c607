#!/usr/bin/env bash
# Event-loop stall of the GUI during a large import (issue 6 target: <= 50 ms). Generates a log
# of LINES lines (default 2,000,000) unless one is given, then runs the offscreen GUI benchmark
# test, which imports it through MainWindow::openInputs and reports the longest gap and p99
# between 5 ms timer ticks, while running and while showing the result.
#   installer/bench-gui-stall.sh [BUILD_DIR] [LOG]      LINES=10000000 installer/bench-gui-stall.sh
set -euo pipefail
build="${1:-build}"
log="${2:-}"
lines="${LINES:-2000000}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
if [[ -z "$log" ]]; then
    log="$work/stall.log"
    "$build/bin/dnshound-cli" generate-sample --out "$log" --lines "$lines" >/dev/null
fi
test_bin="$(find "$build" -name ui_test_import_stall -type f -perm -u+x | head -1)"
[[ -n "$test_bin" ]] || { echo "build ui_test_import_stall first (ninja -C $build ui_test_import_stall)" >&2; exit 1; }
QT_QPA_PLATFORM=offscreen DNSHOUND_STALL_LOG="$log" DNSHOUND_STALL_TIMEOUT_S="${TIMEOUT_S:-3600}" \
    "$test_bin" 2>&1 | grep -E "STALL|PASS|FAIL"
