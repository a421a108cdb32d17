#!/bin/sh
# "Slow clients must not starve others", alone and quick: part 2 of bench/fleet.sh on the embedded
# default (H2 + file-system store) instead of PostgreSQL with 100,000 devices. 1,000 downloads of a
# 64 MiB image in flight at 16 KB/s each (bench/slow-clients.py) while wrk measures one device's
# check-in (GET /bundles) RUNS times; the server's threads and RSS with the downloads in flight.
# Usage: bench/slow-downloads.sh [runs] [seconds] [connections]; JVM options in JAVA_OPTS.
set -eu
. "$(dirname "$0")/lib.sh"
RUNS="${1:-3}"; SECS="${2:-10}"; CONNS="${3:-64}"
PORT="${FIRMAMENT_HTTP_PORT:-18182}"
BASE="http://127.0.0.1:$PORT"
require_jar
WORK="$(mktemp -d /tmp/firmament-bench.XXXXXX)"
trap 'stop_server; rm -rf "$WORK"' EXIT
# A stop (Ctrl-C, kill) ends the run, which cleans up on its way out; the cleanup alone would let it go on.
trap 'exit 1' INT TERM

start_server "$PORT" "$WORK/server"
head -c 67108864 /dev/urandom > "$WORK/slow.bin"
id=$(curl -sf -X POST "$BASE/image/" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"label": "slow", "fw_version": "1.0.0"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -sf -X POST "$BASE/image/$id/binary" -H "Authorization: Bearer $TOKEN" -F image=@"$WORK/slow.bin" > /dev/null
rm -f "$WORK/slow.bin"
curl -sf -X POST "$BASE/bundles" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d "{\"name\": \"slow\", \"deviceClass\": \"meter\", \"projectId\": 1, \"components\": [{\"versionId\": \"$id\"}]}" > /dev/null
key=$(curl -sf -X POST "$BASE/api/management/v1/projects/1/devices" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"deviceClass": "meter"}' | sed 's/.*"apiKey":"\([^"]*\)".*/\1/')
cat > "$WORK/check-in.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $key"
LUA
wrk_run 5 "$CONNS" "$BASE/bundles" -s "$WORK/check-in.lua" > /dev/null
echo "idle: RSS $(rss_mib "$SERVER_PID")"

python3 "$ROOT/bench/slow-clients.py" "$BASE/image/$id/binary" "Bearer $TOKEN" 1000 16384 $((SECS * RUNS + 25)) &
slow=$!
sleep 15
echo "downloads in flight: $(curl -sf "$BASE/metrics" | awk '/^firmament_downloads_in_flight/ {print $2}'), RSS $(rss_mib "$SERVER_PID")"
: > "$WORK/runs"
for run in $(seq 1 "$RUNS"); do
  checkin=$(wrk_run "$SECS" "$CONNS" "$BASE/bundles" -s "$WORK/check-in.lua")
  echo "$checkin" >> "$WORK/runs"
  echo "$run check-in with 1,000 slow downloads (req/s p50 p99 non-2xx): $checkin"
done
echo "with 1,000 downloads in flight: RSS $(rss_mib "$SERVER_PID"), downloads in flight $(curl -sf "$BASE/metrics" | awk '/^firmament_downloads_in_flight/ {print $2}')"
wait $slow || true
echo "MEDIAN check-in with 1,000 slow downloads: $(cut -d' ' -f1 "$WORK/runs" | median) req/s, p99 $(cut -d' ' -f3 "$WORK/runs" | median) ms"
echo "stack traces in the server log: $(grep -c '^\s*at ' "$WORK/server/server.log" || true)"
