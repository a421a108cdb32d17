#!/bin/sh
# Uploads a 1 GiB binary through the Image Manager API to a server started with -Xmx256m,
# downloads it again and compares SHA-256; prints throughput and the server's peak RSS.
# Usage: bench/upload-1gib.sh   (build first: mvn -q -DskipTests package)
set -eu
JAR="$(cd "$(dirname "$0")/.." && pwd)/bootstrap/target/firmament.jar"
PORT="${FIRMAMENT_HTTP_PORT:-18081}"
TOKEN=benchmark-token-0123456789
WORK="$(mktemp -d)"
trap 'kill $pid 2>/dev/null || true; rm -rf "$WORK"' EXIT
cd "$WORK"
head -c 1073741824 /dev/urandom > firmware.bin
expected=$(sha256sum firmware.bin | cut -d' ' -f1)
FIRMAMENT_HTTP_PORT=$PORT FIRMAMENT_ADMIN_TOKEN=$TOKEN java -Xmx256m -jar "$JAR" > server.log 2>&1 &
pid=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do sleep 0.05; done
id=$(curl -sf -X POST "http://127.0.0.1:$PORT/image/" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{"label": "bench", "fw_version": "1.0.0"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -sf -X POST "http://127.0.0.1:$PORT/image/$id/binary" -H "Authorization: Bearer $TOKEN" \
  -F image=@firmware.bin -o upload.json -w 'upload: HTTP %{http_code}, %{size_upload} bytes in %{time_total} s, %{speed_upload} B/s\n'
cat upload.json; echo
curl -sf "http://127.0.0.1:$PORT/image/$id/binary" -H "Authorization: Bearer $TOKEN" -o download.bin \
  -w 'download: HTTP %{http_code}, %{size_download} bytes in %{time_total} s, %{speed_download} B/s\n'
actual=$(sha256sum download.bin | cut -d' ' -f1)
[ "$expected" = "$actual" ] && echo "sha256 matches: $actual" || { echo "SHA-256 MISMATCH"; exit 1; }
echo "server peak RSS (VmHWM): $(( $(awk '/VmHWM/ {print $2}' /proc/$pid/status) / 1024 )) MiB, heap limit -Xmx256m"
if grep -qi "OutOfMemory" server.log; then echo "OutOfMemoryError in the server log"; exit 1; fi
echo "no OutOfMemoryError in the server log"
