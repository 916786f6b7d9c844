#!/usr/bin/env bash
# Installs what a fresh machine lacks and builds the project. Safe to run repeatedly; quick when nothing changed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || { echo "[setup] Node.js 20.19 or newer is required (found $(node --version 2>/dev/null || echo none))" >&2; exit 1; }

bash scripts/services.sh install

# The browser tests drive Debian's Chromium (playwright-core; Playwright's own browser download does not work here).
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "[setup] installing chromium from Debian's packages (for the browser tests)" >&2
    [ -f /tmp/.backr-apt-updated ] || { DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && touch /tmp/.backr-apt-updated; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >&2
  else
    echo "[setup] chromium is missing: the browser tests need it (sudo apt-get install -y chromium)" >&2
  fi
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "[setup] installing npm packages (versions pinned by package-lock.json)" >&2
  # npm ci refuses this lock file because npm 11 leaves other platforms' optional binaries out of it;
  # npm install with the lock present installs the same pinned versions.
  npm install --no-audit --no-fund --loglevel=error >&2
fi

echo "[setup] compiling TypeScript" >&2
npx tsc -p tsconfig.build.json

# The web app (apps/web): typed operations from schema.gql, type-checked, built into dist/web, which the API serves at /.
if [ ! -f dist/web/index.html ] || [ -n "$(find apps/web schema.gql package-lock.json -newer dist/web/index.html -not -path 'apps/web/src/gql/*' -print -quit)" ]; then
  echo "[setup] building the web app" >&2
  npm run -s web:build >&2
fi
