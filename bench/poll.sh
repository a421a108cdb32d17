#!/bin/sh
# Poll throughput on the embedded default: wrk against GET /health/live (no database, no store),
# seed 003's device version query GET /v1/ota/device/latest/{device-id} (one device with a
# deployed firmware) and seed 000's device check GET /api/v1/firmware/check (with that device's
# key, on a type of 100 entries, one behind the latest) and seed 002's anonymous GET /bundles of a
# project with public OTA (one bundle of one image for the class), in the same run.
# Usage: bench/poll.sh [seconds] [connections]; FIRMAMENT_JAR names another jar.
# Needs wrk (Debian package "wrk"); build first: mvn -q -DskipTests package
set -eu
JAR="${FIRMAMENT_JAR:-$(cd "$(dirname "$0")/.." && pwd)/bootstrap/target/firmament.jar}"
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
for build in $(seq 101 200); do
  curl -sf -X POST "$BASE/api/v1/firmware" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"type\": \"OKM\", \"version\": \"$build\", \"url\": \"https://cdn.example.com/okm-$build.bin\"}" > /dev/null
done
CHECK="/api/v1/firmware/check?type=OKM&version=199"
curl -sf -X PATCH "$BASE/api/management/v1/projects/1" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"publicOta": true}' > /dev/null
image=$(curl -sf -X POST "$BASE/image" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"label": "esp32-main", "fw_version": "1.0.0"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -sf -X POST "$BASE/image/$image/binary" -H "Authorization: Bearer $TOKEN" -F image=@firmware.bin > /dev/null
curl -sf -X POST "$BASE/bundles" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\": \"esp32\", \"deviceClass\": \"esp32\", \"projectId\": 1, \"components\": [{\"versionId\": \"$image\"}]}" > /dev/null
PUBLIC="/bundles?projectId=1&deviceClass=esp32"
echo "anonymous bundles answer: $(curl -sf "$BASE$PUBLIC" | head -c 100)..."
echo "warm-up"; wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/v1/ota/device/latest/bench-device-1" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $key" "$BASE$CHECK" > /dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE$PUBLIC" > /dev/null
# Seed 003's poll and the anonymous bundles carry no credential; seed 000's check carries the device's key.
for target in /health/live /v1/ota/device/latest/bench-device-1 "$CHECK" "$PUBLIC"; do
  echo "== GET $target, $CONNECTIONS connections, ${SECONDS_PER_RUN}s"
  credential="X-No-Credential: 1"; [ "$target" = "$CHECK" ] && credential="Authorization: Bearer $key"
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --latency -H "$credential" "$BASE$target" \
    | grep -E "Requests/sec|Latency  |99%|50%|Non-2xx|Socket errors"
done
echo "server RSS under load just ended: $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MiB"
