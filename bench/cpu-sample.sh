#!/usr/bin/env bash
# Samples the CPU time of the benchmark's processes (Neo4j, API, worker, Redis, the benchmark) every
# half second, for bench/cpu-split.mjs. Run beside a benchmark with its lines timestamped, then split:
#   bash bench/cpu-sample.sh > cpu.log & sampler=$!
#   npm run bench:load -- --scale S 2>&1 | while IFS= read -r l; do echo "$(date +%s.%N) $l"; done > load.log
#   kill $sampler
#   node bench/cpu-split.mjs cpu.log <from> <to>   (epoch seconds: the mixed step ends at its line in load.log, 10 s after it began)
set -uo pipefail
while true; do
  echo "T $(date +%s.%N)"
  for p in $(pgrep -f "java|apps/api|apps/worker|\.bench\.js|redis-server"); do
    [ -r "/proc/$p/stat" ] || continue
    args=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | cut -c1-200)
    case "$args" in *java*) n=neo4j ;; *apps/api*) n=api ;; *apps/worker*) n=worker ;; *.bench.js*) n=bench ;; *redis-server*) n=redis ;; *) continue ;; esac
    read -r -a st < "/proc/$p/stat" || continue
    # utime + stime, in clock ticks (100 a second)
    echo "$p $n $((st[13] + st[14]))"
  done
  sleep 0.5
done
