#!/bin/sh
# Start-up to the first `GET /health` 200 (wall time, and the CPU the JVM used by then), and resident
# memory when idle, on the embedded default.
# Usage: bench/startup.sh [runs]   (build first: mvn -q -DskipTests package); JAVA_OPTS go to the JVM.
# LAUNCH=script starts it as the README does, with the launcher the build writes beside the jar
# (its JVM defaults and class-data archive); else plain `java -jar`.
set -eu
JAR="${FIRMAMENT_JAR:-$(cd "$(dirname "$0")/.." && pwd)/bootstrap/target/firmament.jar}"
LAUNCHER="$(dirname "$JAR")/firmament"
RUNS="${1:-5}"
PORT="${FIRMAMENT_HTTP_PORT:-18080}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
for run in $(seq 1 "$RUNS"); do
  [ "$run" = 1 ] && kind="first start (creates database)" || kind="restart"
  start=$(date +%s%N)
  if [ "${LAUNCH:-java}" = script ]; then
    FIRMAMENT_HTTP_PORT=$PORT FIRMAMENT_ADMIN_TOKEN=benchmark-token-0123456789 "$LAUNCHER" > server.log 2>&1 &
  else
    FIRMAMENT_HTTP_PORT=$PORT FIRMAMENT_ADMIN_TOKEN=benchmark-token-0123456789 java ${JAVA_OPTS:-} -jar "$JAR" > server.log 2>&1 &
  fi
  pid=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do sleep 0.02; done
  end=$(date +%s%N)
  # CPU the start used (user + system, in clock ticks): moves much less than wall time on a busy machine.
  cpu=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' /proc/$pid/stat)
  load=$(cut -d' ' -f1 /proc/loadavg)
  sleep 5
  rss=$(awk '/VmRSS/ {print $2}' /proc/$pid/status)
  echo "run $run ($kind): health 200 after $(( (end - start) / 1000000 )) ms (CPU $cpu ms, load $load); idle RSS after 5 s: $(( rss / 1024 )) MiB"
  # Where the start's time went, as the server logged it (docs/operations.md, "start-up phases").
  sed -n 's/.*start-up phases: /    phases: /p' server.log
  kill -TERM $pid; wait $pid || true
done
