#!/usr/bin/env bash
# Builds the Debian package of DNS Hound: an optimised build in build-package/ (stripped when
# packaged, so it shares the developer build's ccache entries),
# the bundled sample, then CPack. The .deb lands in build-package/. Install it with
#   sudo apt install ./build-package/dnshound_<version>_<arch>.deb   (or dpkg -i + apt -f install)
# Usage: installer/package.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build-package}"
"$root/installer/deps.sh"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR=1
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDNSHOUND_BUILD_TESTS=OFF \
      -DCPACK_STRIP_FILES=ON
ninja -C "$build" -j"${JOBS:-2}" dnshound dnshound-cli sample
(cd "$build" && cpack -G DEB -D CPACK_STRIP_FILES=ON)
deb="$(ls -t "$build"/dnshound_*.deb | head -1)"
echo "package: $deb"
dpkg-deb --info "$deb" | sed -n '/Package:/,/Description:/p'
