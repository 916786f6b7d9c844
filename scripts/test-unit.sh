#!/usr/bin/env bash
# The unit tier (npm run test:unit): services with small in-memory fakes and pure functions, no Neo4j, no
# Redis, no API process; seconds. It compiles first (tsc is incremental) and runs on the pinned Node 24.
# `npm test` runs these suites too, with everything else.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
. scripts/node-env.sh
if [ ! -x node_modules/.bin/node ]; then bash scripts/setup.sh; else npx tsc -p tsconfig.build.json; fi
exec node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js -c jest.unit.config.json "$@"
