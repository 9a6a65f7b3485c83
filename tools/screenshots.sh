#!/usr/bin/env bash
# Builds the project and renders every step of the wizard (against the built-in sandbox) to
# resources/screenshots/*.png, as the README shows them.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
BUILD_DIR=$build "$root/tools/build.sh" --with-tests
mkdir -p "$root/resources/screenshots"
QT_QPA_PLATFORM=offscreen "$build/tests/gui/gw-screenshots" "$root/resources/screenshots"
