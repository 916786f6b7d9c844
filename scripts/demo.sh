#!/usr/bin/env bash
# The README's first command: installs what is missing, starts Neo4j and Redis (data in graph/.data),
# seeds the demo network, and serves the API (PORT, default 3000) and the worker in the foreground.
# Ctrl-C or SIGTERM stops everything it started. Restarting keeps the data (the seed only adds what is missing);
# `npm run demo -- --reset` deletes graph/.data first and starts afresh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ "${1:-}" = "--reset" ]; then
  for pidfile in graph/.data/neo4j.pid graph/.data/redis.pid; do
    if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      echo "[demo] the demo is running (graph/.data is in use): stop it with Ctrl-C first, then run npm run demo -- --reset" >&2
      exit 1
    fi
  done
  rm -rf graph/.data
  echo "[demo] removed graph/.data (the demo's Neo4j and Redis data, outbox and logs): starting afresh" >&2
  shift
fi

if [ "${1:-}" != "--serve" ]; then
  bash scripts/setup.sh
  . scripts/node-env.sh
  exec bash scripts/services.sh run graph/.data -- bash scripts/demo.sh --serve
fi

# From here on NEO4J_URI and REDIS_URL point at the services started above.
export PORT="${PORT:-3000}"
# Notifications go to files here (the development outbox); production sends them over SMTP.
export OUTBOX_DIR="${OUTBOX_DIR:-$ROOT/graph/.data/outbox}"
node dist/apps/api/src/migrate.js
node dist/apps/api/src/seed.js

pids=()
stop() {
  trap - INT TERM
  echo "[demo] stopping API and worker" >&2
  rm -f graph/.data/api.port
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM

MIGRATE_ON_START=false node dist/apps/worker/src/main.js > graph/.data/worker.log 2>&1 &
pids+=($!)
MIGRATE_ON_START=false node dist/apps/api/src/main.js > graph/.data/api.log 2>&1 &
pids+=($!)

for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  kill -0 "${pids[1]}" 2>/dev/null || { tail -20 graph/.data/api.log >&2; echo "[demo] the API failed to start" >&2; stop; exit 1; }
  sleep 0.3
done

# The helper scripts (npm run demo:intro, demo:import) find the demo here when PORT is not set.
echo "$PORT" > graph/.data/api.port

TOKEN="$(node dist/apps/api/src/token.js --sub demo-member --name 'Alex Morgan' --email alex.morgan@demo.backr.test --roles member)"
cat <<MSG

Backr is serving GraphQL on http://127.0.0.1:$PORT/graphql (health: /health; logs: graph/.data/api.log, worker.log)

Open the web app: http://127.0.0.1:$PORT/ and sign in as any demo person (development sign-in).

Demo member token (Alex Morgan, valid 12 h):
$TOKEN

Try:
curl -s http://127.0.0.1:$PORT/graphql -H 'content-type: application/json' \\
  -H "authorization: Bearer $TOKEN" \\
  -d '{"query":"{ me { person { displayName } goals { work occupation { code title } } } network(first: 5) { totalCount edges { node { person { displayName roles { title occupation { title } } } context strength } } } }"}'

Warm introduction paths to the work Alex wants:
curl -s http://127.0.0.1:$PORT/graphql -H 'content-type: application/json' \\
  -H "authorization: Bearer $TOKEN" \\
  -d '{"query":"{ introPaths(input: { work: \\"paramedic\\" }) { reachableTargets paths { hops score explanation } } }"}'

Walk one introduction from request to outcome (asks, relayed consent, outbox messages):
npm run demo:intro

Import Alex's LinkedIn export (graph/demo/linkedin-connections.csv) and watch its progress:
npm run demo:import

The coach's caseload (Chris coaches Alex, Jordan and Kim):
COACH_TOKEN=\$(npm run -s token -- --sub demo-coach --name 'Chris Evans' --roles coach)
curl -s http://127.0.0.1:$PORT/graphql -H 'content-type: application/json' \\
  -H "authorization: Bearer \$COACH_TOKEN" \\
  -d '{"query":"{ caseload { capacity load members { edges { node { member { displayName } goals { work } networkSize reachToGoalWork introsMade stalled } } } } }"}'

Other demo accounts: npm run token -- --sub demo-volunteer --name 'Priya Shah' --roles volunteer
Press Ctrl-C to stop everything.
MSG

wait -n "${pids[@]}" || true
echo "[demo] a process exited; stopping" >&2
stop
exit 1
