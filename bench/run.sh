#!/usr/bin/env bash
# Runs a benchmark against its own Neo4j and Redis (data kept in bench/.data/<scale> between runs).
#   bash bench/run.sh paths --scale S [--queries 500] [--naive 50]
# Memory for Neo4j: BACKR_NEO4J_HEAP_MB and BACKR_NEO4J_PAGECACHE_MB (defaults below suit M on 24 GiB).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bench="$1"; shift
scale=S
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[$i]}" = "--scale" ] && scale="${args[$((i + 1))]}"; done
bash scripts/setup.sh
. scripts/node-env.sh
export BACKR_NEO4J_HEAP_MB="${BACKR_NEO4J_HEAP_MB:-4096}" BACKR_NEO4J_PAGECACHE_MB="${BACKR_NEO4J_PAGECACHE_MB:-6144}"
exec bash scripts/services.sh run "bench/.data/$scale" -- node --expose-gc "dist/bench/$bench.bench.js" "$@"
