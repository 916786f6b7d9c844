#!/usr/bin/env bash
# Installs what a fresh machine lacks and builds the project. Safe to run repeatedly; quick when nothing changed.
#
# The project runs on Node.js 24 LTS, taken from the npm registry's `node` package at the version pinned in
# scripts/node24/package-lock.json, whatever Node the machine has (any Node with npm will do to start).
# 1. scripts/node24: `npm ci` there installs Node 24 alone (a few seconds from the npm cache).
# 2. With that Node first on PATH, `npm ci` installs the project's packages, so npm itself runs on Node 24
#    (engines are checked against it: no EBADENGINE) and package-lock.json is never rewritten.
# 3. The project's own `node` devDependency (same version) puts node_modules/.bin/node first on the PATH of
#    every npm script, so `npm run ...`, tsc, Jest and the API and worker processes the tests start all run
#    on Node 24. Source scripts/node-env.sh to get the same PATH in a shell of your own.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

command -v npm >/dev/null 2>&1 \
  || { echo "[setup] npm is needed once, to fetch Node.js 24 from the npm registry: install Node.js with npm (any version from 20.17), e.g. apt-get install nodejs npm" >&2; exit 1; }

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

WANT="v$(sed -n 's/.*"node": *"\([0-9.]*\)".*/\1/p' scripts/node24/package.json | head -1)"
stamp() { sha256sum "$1" | cut -c1-64; }

if [ "$(scripts/node24/node_modules/.bin/node --version 2>/dev/null || true)" != "$WANT" ] \
   || [ "$(cat scripts/node24/node_modules/.backr-lock 2>/dev/null || true)" != "$(stamp scripts/node24/package-lock.json)" ]; then
  echo "[setup] installing Node.js $WANT from the npm registry (scripts/node24)" >&2
  (cd scripts/node24 && npm ci --no-audit --no-fund --loglevel=error >&2)
  stamp scripts/node24/package-lock.json > scripts/node24/node_modules/.backr-lock
fi

export PATH="$ROOT/node_modules/.bin:$ROOT/scripts/node24/node_modules/.bin:$PATH"
hash -r

if [ ! -d node_modules ] || [ "$(cat node_modules/.backr-lock 2>/dev/null || true)" != "$(stamp package-lock.json)" ]; then
  echo "[setup] installing npm packages with npm ci on Node $(node --version) (versions pinned by package-lock.json)" >&2
  npm ci --no-audit --no-fund --loglevel=warn >&2
  stamp package-lock.json > node_modules/.backr-lock
fi
hash -r

[ "$(node --version)" = "$WANT" ] \
  || { echo "[setup] expected Node.js $WANT first on PATH, found $(node --version) at $(command -v node)" >&2; exit 1; }

echo "[setup] compiling TypeScript (Node $(node --version))" >&2
npx tsc -p tsconfig.build.json

# The web app (apps/web): typed operations from schema.gql, type-checked, built into dist/web, which the API serves at /.
if [ ! -f dist/web/index.html ] || [ -n "$(find apps/web schema.gql package-lock.json -newer dist/web/index.html -not -path 'apps/web/src/gql/*' -print -quit)" ]; then
  echo "[setup] building the web app" >&2
  npm run -s web:build >&2
fi
