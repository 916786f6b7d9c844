#!/usr/bin/env bash
# Local Neo4j (from Maven Central, graph/launcher) and Redis (Debian's redis-server) without Docker.
# One script for the demo, the tests and CI:
#   scripts/services.sh install            install what a fresh machine lacks (JDK 17, Maven, redis-server)
#   scripts/services.sh start  RUN_DIR     start both on free loopback ports (or NEO4J_PORT / REDIS_PORT), wait until ready
#   scripts/services.sh stop   RUN_DIR     stop both cleanly
#   scripts/services.sh start-neo4j RUN_DIR / stop-neo4j RUN_DIR   Neo4j alone, same port and data
#   scripts/services.sh run RUN_DIR -- CMD start, run CMD with NEO4J_URI / REDIS_URL set, stop on exit or signal
# RUN_DIR holds the data (neo4j/, redis/), logs and pid files; it lives under .run/ (ignored by git).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAUNCHER_DIR="$ROOT/graph/launcher"

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] error: %s\n' "$*" >&2; exit 1; }

apt_install() {
  if [ "$(id -u)" != "0" ]; then
    die "missing $*: install it with 'sudo apt-get install -y $*' (this script installs it itself when run as root)"
  fi
  log "installing $* from Debian's packages"
  if [ ! -f /tmp/.backr-apt-updated ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && touch /tmp/.backr-apt-updated
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# Neo4j 5.26 runs on Java 17 or 21 only, even where a newer JDK is the default.
find_java() {
  local candidate
  for candidate in "${BACKR_JAVA_HOME:-}" "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/java-17-openjdk-* \
    /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] || continue
    if "$candidate/bin/java" -version 2>&1 | grep -Eq 'version "(17|21)[."]'; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

cmd_install() {
  find_java >/dev/null || apt_install openjdk-17-jdk-headless
  command -v mvn >/dev/null || apt_install maven
  command -v redis-server >/dev/null || apt_install redis-server
  build_launcher
}

build_launcher() {
  local jar="$LAUNCHER_DIR/target/backr-neo4j-launcher-1.0.0.jar"
  if [ -f "$jar" ] && [ -d "$LAUNCHER_DIR/target/lib" ] && [ "$jar" -nt "$LAUNCHER_DIR/pom.xml" ] \
    && [ "$jar" -nt "$LAUNCHER_DIR/src/main/java/org/backr/graph/Neo4jLauncher.java" ]; then
    return 0
  fi
  local java_home; java_home="$(find_java)" || die "no JDK 17 or 21 found (run: scripts/services.sh install)"
  command -v mvn >/dev/null || die "Maven is missing (run: scripts/services.sh install)"
  log "building the Neo4j launcher (first run resolves Neo4j 5.26 from Maven Central)"
  (cd "$LAUNCHER_DIR" && JAVA_HOME="$java_home" mvn -q -B package >&2) || die "building graph/launcher failed"
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

wait_for() { # wait_for SECONDS DESCRIPTION COMMAND...
  local limit="$1" what="$2"; shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.3
  done
}

# start_neo4j DIR PORT JAVA_HOME: launches Neo4j on DIR/neo4j (keeping its data) and waits until a driver connects.
start_neo4j() {
  local dir="$1" neo4j_port="$2" java_home="$3"
  mkdir -p "$dir/neo4j"
  log "starting Neo4j 5.26 on bolt://127.0.0.1:$neo4j_port (Java: $java_home)"
  BACKR_NEO4J_DIR="$dir/neo4j" BACKR_NEO4J_PORT="$neo4j_port" BACKR_NEO4J_HOST=127.0.0.1 \
    "$java_home/bin/java" -Xms${BACKR_NEO4J_HEAP_MB:-1024}m -Xmx${BACKR_NEO4J_HEAP_MB:-1024}m \
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC \
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true -Dlog4j2.disable.jmx=true \
    --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
    --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
    --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED \
    --enable-native-access=ALL-UNNAMED \
    -cp "$LAUNCHER_DIR/target/backr-neo4j-launcher-1.0.0.jar:$LAUNCHER_DIR/target/lib/*" \
    org.backr.graph.Neo4jLauncher > "$dir/neo4j.log" 2>&1 &
  echo $! > "$dir/neo4j.pid"
  echo "$neo4j_port" > "$dir/neo4j.port"

  if ! wait_for 180 neo4j grep -q BACKR_NEO4J_READY "$dir/neo4j.log"; then
    tail -40 "$dir/neo4j.log" >&2; die "Neo4j did not start within 180 s (log: $dir/neo4j.log)"
  fi
  if [ -f "$ROOT/node_modules/neo4j-driver/package.json" ]; then
    wait_for 60 driver node "$ROOT/scripts/neo4j-ping.cjs" "bolt://127.0.0.1:$neo4j_port" \
      || die "Neo4j is up but a driver cannot connect to bolt://127.0.0.1:$neo4j_port"
  fi
}

cmd_start() {
  local dir="$1"
  mkdir -p "$dir/neo4j" "$dir/redis"
  dir="$(cd "$dir" && pwd)"
  command -v redis-server >/dev/null || cmd_install
  build_launcher
  local java_home; java_home="$(find_java)" || die "no JDK 17 or 21 found (run: scripts/services.sh install)"
  local neo4j_port="${NEO4J_PORT:-$(free_port)}" redis_port="${REDIS_PORT:-$(free_port)}"

  log "starting Redis on 127.0.0.1:$redis_port (AOF on, noeviction)"
  redis-server --bind 127.0.0.1 --port "$redis_port" --dir "$dir/redis" --appendonly yes --appendfsync everysec \
    --maxmemory-policy noeviction --save "" --daemonize no --protected-mode yes \
    --logfile "$dir/redis.log" > /dev/null 2>&1 &
  echo $! > "$dir/redis.pid"
  echo "$redis_port" > "$dir/redis.port"

  start_neo4j "$dir" "$neo4j_port" "$java_home"
  wait_for 30 redis redis-cli -h 127.0.0.1 -p "$redis_port" ping || { tail -20 "$dir/redis.log" >&2; die "Redis did not start"; }
  log "ready: NEO4J_URI=bolt://127.0.0.1:$neo4j_port REDIS_URL=redis://127.0.0.1:$redis_port"
}

stop_pid() { # stop_pid PIDFILE NAME
  local file="$1" name="$2" pid
  [ -f "$file" ] || return 0
  pid="$(cat "$file")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then log "$name did not stop in 30 s; killing it"; kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$file"
}

# Neo4j alone, for tests that stop and start the database under load: the port (NEO4J_PORT, else
# the one RUN_DIR used before) and the data are kept.
cmd_start_neo4j() {
  local dir="$1"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  build_launcher
  local java_home; java_home="$(find_java)" || die "no JDK 17 or 21 found (run: scripts/services.sh install)"
  local port="${NEO4J_PORT:-$(cat "$dir/neo4j.port" 2>/dev/null || free_port)}"
  start_neo4j "$dir" "$port" "$java_home"
  log "ready: NEO4J_URI=bolt://127.0.0.1:$port"
}

cmd_stop() {
  local dir="$1"
  [ -d "$dir" ] || return 0
  stop_pid "$dir/neo4j.pid" Neo4j
  stop_pid "$dir/redis.pid" Redis
  log "stopped services in $dir"
}

cmd_run() {
  local dir="$1"; shift
  [ "${1:-}" = "--" ] && shift
  trap 'cmd_stop "$dir"' EXIT
  cmd_start "$dir"
  # The command runs in the background so that a signal reaches this shell at once; it is
  # forwarded as SIGTERM, the command is awaited, and the EXIT trap then stops the services.
  NEO4J_URI="bolt://127.0.0.1:$(cat "$dir/neo4j.port")" REDIS_URL="redis://127.0.0.1:$(cat "$dir/redis.port")" \
    NEO4J_USER="${NEO4J_USER:-neo4j}" NEO4J_PASSWORD="${NEO4J_PASSWORD:-local-auth-disabled}" "$@" &
  local child=$!
  trap 'kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 130' INT
  trap 'kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 143' TERM
  local status=0
  wait "$child" || status=$?
  return $status
}

case "${1:-}" in
  install) cmd_install ;;
  start) [ -n "${2:-}" ] || die "usage: $0 start RUN_DIR"; cmd_start "$2" ;;
  start-neo4j) [ -n "${2:-}" ] || die "usage: $0 start-neo4j RUN_DIR"; cmd_start_neo4j "$2" ;;
  stop-neo4j) [ -n "${2:-}" ] || die "usage: $0 stop-neo4j RUN_DIR"; stop_pid "$2/neo4j.pid" Neo4j ;;
  stop) [ -n "${2:-}" ] || die "usage: $0 stop RUN_DIR"; cmd_stop "$2" ;;
  run) [ -n "${2:-}" ] || die "usage: $0 run RUN_DIR -- CMD"; dir="$2"; shift 2; cmd_run "$dir" "$@" ;;
  *) die "usage: $0 install | start RUN_DIR | stop RUN_DIR | start-neo4j RUN_DIR | stop-neo4j RUN_DIR | run RUN_DIR -- CMD..." ;;
esac
