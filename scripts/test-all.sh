#!/usr/bin/env bash
# `npm run test:all`: installs what the tests need, then lint, typecheck, build, and every suite
# (unit, oracle, end-to-end, standards validators). Oracles are required here: a missing one fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export SKYPORT_SHARED=${SKYPORT_SHARED:-$(cd .. && pwd)/shared}
start=$(date +%s)
step() { printf '\n== %s (%ss)\n' "$*" "$(( $(date +%s) - start ))"; }

step "system packages"
bash scripts/install-system-deps.sh

step "node packages"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
else
  echo "node_modules up to date"
fi

step "lint"
npx biome lint src test bench scripts

step "typecheck"
npx tsc -p tsconfig.json --noEmit

step "build"
npm run build --silent

step "tests"
SKYPORT_REQUIRE_ORACLES=1 SKYPORT_TEST_BIN=dist node scripts/run-tests.mjs

step "done"
