#!/usr/bin/env bash
# Builds and starts the wizard. With no arguments it runs on the built-in Postmark sandbox
# (--demo): no Postmark account and no network needed. Any arguments go to gateway-wizard instead.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build}
"$root/tools/build.sh"
if [[ $# -eq 0 ]]; then
    set -- --demo
fi
exec "$build/app/gateway-wizard" "$@"
