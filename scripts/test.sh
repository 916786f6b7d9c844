#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test suite
# (unit, integration, end-to-end) against a real Neo4j and Redis that the Jest global setup starts
# on free ports, so it can run while the demo is up. Extra arguments go to Jest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
# Node 24 (the pinned node devDependency) first on PATH, also when this script is run without npm.
. scripts/node-env.sh
mkdir -p .run
status=0
node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js \
  --json --outputFile=.run/jest-results.json "$@" || status=$?
# One plain closing line for tools that read results: "tests: N passed, N failed".
node -e '
  const r = JSON.parse(require("fs").readFileSync(".run/jest-results.json", "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests + r.numRuntimeErrorTestSuites} failed`);
' 2>/dev/null || true
exit $status
