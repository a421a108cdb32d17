#!/bin/sh
# Poll throughput on the embedded default: wrk against GET /health/live (no database, no store)
# and against the device version query GET /v1/ota/device/latest/{device-id} (one device with a
# deployed firmware), in the same run. Usage: bench/poll.sh [seconds] [connections]
# Needs wrk (Debian package "wrk"); build first: mvn -q -DskipTests package
set -eu
JAR="$(cd "$(dirname "$0")/.." && pwd)/bootstrap/target/firmament.jar"
SECONDS_PER_RUN="${1:-15}"
CONNECTIONS="${2:-64}"
PORT="${FIRMAMENT_HTTP_PORT:-18082}"
TOKEN=benchmark-token-0123456789
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
trap 'kill $pid 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"
FIRMAMENT_HTTP_PORT=$PORT FIRMAMENT_ADMIN_TOKEN=$TOKEN java ${JAVA_OPTS:-} -jar "$JAR" > server.log 2>&1 &
pid=$!
until curl -sf -o /dev/null "$BASE/health"; do sleep 0.05; done
device=$(curl -sf -X POST "$BASE/api/management/v1/projects/1/devices" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"id": "bench-device-1", "deviceClass": "esp32"}')
key=$(echo "$device" | sed 's/.*"apiKey":"\([^"]*\)".*/\1/')
head -c 1048576 /dev/urandom > firmware.bin
curl -sf -X POST "$BASE/v1/ota/device" -H "Authorization: Bearer $TOKEN" -F firmware=@firmware.bin \
  -F device=bench-device-1 -F token="$key" -F version=1.0.0 > /dev/null
echo "warm-up"; wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/v1/ota/device/latest/bench-device-1" > /dev/null
for target in /health/live /v1/ota/device/latest/bench-device-1; do
  echo "== GET $target, $CONNECTIONS connections, ${SECONDS_PER_RUN}s"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency "$BASE$target" | grep -E "Requests/sec|Latency  |99%|50%|Non-2xx|Socket errors"
done
echo "server RSS under load just ended: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MiB"
