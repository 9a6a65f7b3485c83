#!/usr/bin/env bash
# Installs what is missing, builds with warnings as errors, and runs every test (unit,
# integration, gui) with CTest. Extra arguments go to ctest (e.g. -L unit, -R sandbox).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
BUILD_DIR=$build "$root/tools/build.sh" --with-tests -DGW_WERROR=ON
cd "$build"
ctest --output-on-failure --timeout 600 "$@"
