#!/usr/bin/env bash
# Installs the libraries the benchmark compares with into bench/peers/node_modules, from the lockfile
# beside this script, when that lockfile changed since the last install. The package's own install
# (the project's package.json) never sees them.
set -euo pipefail
cd "$(dirname "$0")"
if ! cmp -s package-lock.json node_modules/.installed-lock.json 2>/dev/null; then
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.installed-lock.json
fi
