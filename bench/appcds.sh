#!/bin/sh
# Writes an AppCDS archive of the classes a start and the usual requests load, for a faster
# start-up: java -XX:SharedArchiveFile=bootstrap/target/firmament.jsa -jar bootstrap/target/firmament.jar
# `mvn package` writes that archive itself (CdsTraining, docs/operations.md) and the launcher
# bootstrap/target/firmament uses it; this script is for a jar built without it or moved since.
# The archive belongs to this jar, at its path, and this JDK: write it again after every build.
# Usage: bench/appcds.sh [archive]   (default bootstrap/target/firmament.jsa)
set -eu
. "$(dirname "$0")/lib.sh"
ARCHIVE="${1:-$ROOT/bootstrap/target/firmament.jsa}"
PORT="${FIRMAMENT_HTTP_PORT:-18183}"
BASE="http://127.0.0.1:$PORT"
require_jar
WORK="$(mktemp -d /tmp/firmament-cds.XXXXXX)"
trap 'stop_server; rm -rf "$WORK"' EXIT
# A stop (Ctrl-C, kill) ends the run, which cleans up on its way out; the cleanup alone would let it go on.
trap 'exit 1' INT TERM
rm -f "$ARCHIVE"
JAVA_OPTS="-XX:ArchiveClassesAtExit=$ARCHIVE" start_server "$PORT" "$WORK/server"
curl -sf -o /dev/null "$BASE/health/live"
device=$(curl -sf -X POST "$BASE/api/management/v1/projects/1/devices" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"deviceClass": "esp32"}')
key=$(echo "$device" | sed 's/.*"apiKey":"\([^"]*\)".*/\1/')
id=$(curl -sf -X POST "$BASE/image/" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"label": "cds", "fw_version": "1.0.0"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
head -c 4096 /dev/urandom > "$WORK/fw.bin"
curl -sf -o /dev/null -X POST "$BASE/image/$id/binary" -H "Authorization: Bearer $TOKEN" -F image=@"$WORK/fw.bin"
curl -sf -o /dev/null "$BASE/image/$id/binary" -H "Authorization: Bearer $TOKEN"
curl -sf -o /dev/null "$BASE/bundles" -H "Authorization: Bearer $key"
curl -sf -o /dev/null "$BASE/metrics"
stop_server
[ -f "$ARCHIVE" ] || { echo "no archive written, see $WORK/server/server.log" >&2; exit 1; }
echo "AppCDS archive: $ARCHIVE ($(( $(stat -c %s "$ARCHIVE") / 1048576 )) MiB)"
