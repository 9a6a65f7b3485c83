#!/usr/bin/env bash
# Refreshes translations/*.ts from the sources. English is the source language: its catalog holds
# only the plural forms (%n), which must then be filled in by hand.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
lupdate=$(command -v lupdate || echo /usr/lib/qt6/bin/lupdate)
"$lupdate" -pluralonly -locations none app ui -ts translations/gateway-wizard_en.ts
grep -c 'type="unfinished"' translations/*.ts || true
