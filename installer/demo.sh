#!/usr/bin/env bash
# Installs dependencies, builds DNS Hound and shows it working on the bundled sample: the GUI
# when a display is available, otherwise a headless analysis that prints a summary and alerts.
set -euo pipefail
cd "$(dirname "$0")/.."

installer/deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)"

sample=build/sample/dns-sample.log
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
    echo "Opening DNS Hound on $sample"
    exec build/bin/dnshound "$sample"
fi
echo "No display: analysing $sample headless"
mkdir -p build/demo
build/bin/dnshound-cli analyze --input "$sample" --db build/demo/analysis.sqlite \
    --alerts build/demo/alerts.jsonl --summary build/demo/summary.json
echo
echo "Summary (build/demo/summary.json):"
cat build/demo/summary.json
echo "Alerts (build/demo/alerts.jsonl):"
cat build/demo/alerts.jsonl
echo "Ground truth of the sample: build/sample/dns-sample.truth.json"
