#!/usr/bin/env bash
# Builds and runs the benchmarks; prints time per operation and peak memory.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
BUILD_DIR=$build "$root/tools/build.sh" --with-tests >/dev/null
QT_QPA_PLATFORM=offscreen "$build/tests/bench/bench_postmark" "$@"
