#!/usr/bin/env bash
# The README's second command: installs what is missing, builds, and runs every test suite
# (unit, integration, end-to-end) against a real Neo4j and Redis that the Jest global setup starts
# on free ports, so it can run while the demo is up. Extra arguments go to Jest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
exec node --experimental-vm-modules --no-warnings=ExperimentalWarning node_modules/jest/bin/jest.js "$@"
