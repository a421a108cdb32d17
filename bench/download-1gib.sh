#!/bin/sh
# 1 GiB through Firmament on the embedded default (H2 + file-system store) with the server at
# -Xmx256m: the upload (Image Manager API, multipart) must succeed; then RUNS downloads of it from
# Firmament and RUNS of the same file from nginx on the same machine, alternating, all to
# /dev/null over the loopback; medians, the ratio, and the server's peak RSS.
# Usage: bench/download-1gib.sh [runs]   (needs nginx: apt-get install nginx)
set -eu
. "$(dirname "$0")/lib.sh"
RUNS="${1:-3}"
PORT="${FIRMAMENT_HTTP_PORT:-18181}"; NGINX_PORT="${BENCH_NGINX_PORT:-18199}"
BASE="http://127.0.0.1:$PORT"
require_jar
[ -x "$(nginx_binary)" ] || { echo "needs nginx (apt-get install nginx)" >&2; exit 1; }
WORK="$(mktemp -d /tmp/firmament-bench.XXXXXX)"
chmod 755 "$WORK"
trap 'stop_server; stop_nginx; rm -rf "$WORK"' EXIT
# A stop (Ctrl-C, kill) ends the run, which cleans up on its way out; the cleanup alone would let it go on.
trap 'exit 1' INT TERM

head -c 1073741824 /dev/urandom > "$WORK/firmware.bin"
expected=$(sha256sum "$WORK/firmware.bin" | cut -d' ' -f1)
JAVA_OPTS="${JAVA_OPTS:-} -Xmx256m" start_server "$PORT" "$WORK/server"
id=$(curl -sf -X POST "$BASE/image/" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"label": "bench", "fw_version": "1.0.0"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -sf -X POST "$BASE/image/$id/binary" -H "Authorization: Bearer $TOKEN" -F image=@"$WORK/firmware.bin" \
  -o "$WORK/upload.json" -w 'UPLOAD 1 GiB at -Xmx256m: HTTP %{http_code}, %{size_upload} bytes in %{time_total} s, %{speed_upload} B/s\n'
actual=$(curl -sf "$BASE/image/$id/binary" -H "Authorization: Bearer $TOKEN" | sha256sum | cut -d' ' -f1)
[ "$expected" = "$actual" ] && echo "download's SHA-256 equals the upload's" || { echo "SHA-256 MISMATCH"; exit 1; }

mkdir -p "$WORK/www"
ln "$WORK/firmware.bin" "$WORK/www/firmware.bin" 2>/dev/null || cp "$WORK/firmware.bin" "$WORK/www/firmware.bin"
start_nginx "$WORK/nginx" "$NGINX_PORT" "root $WORK/www;"

: > "$WORK/fm"; : > "$WORK/ng"
for run in $(seq 1 "$RUNS"); do
  fm=$(curl -sf "$BASE/image/$id/binary" -H "Authorization: Bearer $TOKEN" -o /dev/null -w '%{speed_download}')
  ng=$(curl -sf "http://127.0.0.1:$NGINX_PORT/firmware.bin" -o /dev/null -w '%{speed_download}')
  echo "$fm" >> "$WORK/fm"; echo "$ng" >> "$WORK/ng"
  echo "run $run: Firmament $(awk "BEGIN {printf \"%.0f\", $fm / 1048576}") MiB/s, nginx $(awk "BEGIN {printf \"%.0f\", $ng / 1048576}") MiB/s"
done
mf=$(median < "$WORK/fm"); mn=$(median < "$WORK/ng")
echo "MEDIAN 1 GiB download: Firmament $(awk "BEGIN {printf \"%.0f\", $mf / 1048576}") MiB/s, nginx $(awk "BEGIN {printf \"%.0f\", $mn / 1048576}") MiB/s ($(awk "BEGIN {printf \"%.0f\", 100 * $mf / $mn}")% of nginx)"
echo "server peak RSS (VmHWM) at -Xmx256m: $(( $(awk '/VmHWM/ {print $2}' "/proc/$SERVER_PID/status") / 1024 )) MiB"
if grep -qi "OutOfMemory" "$WORK/server/server.log"; then echo "OutOfMemoryError in the server log"; exit 1; fi
