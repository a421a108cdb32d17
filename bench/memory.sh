#!/bin/sh
# Where an idle server's resident memory goes: starts the README command (the launcher beside the jar,
# with its JVM defaults and class-data archive) on the embedded default with native memory tracking,
# waits until it has been idle for a while, and prints its RSS by mapping and the JVM's own accounts.
# Usage: bench/memory.sh [idle seconds, default 10]   (build first: mvn -q -DskipTests package)
# Needs: jcmd and pmap (procps). JAVA_OPTS go to the JVM after the launcher's defaults.
set -eu
. "$(dirname "$0")/lib.sh"
require_jar
IDLE="${1:-10}"
PORT="${FIRMAMENT_HTTP_PORT:-18090}"
WORK="$(mktemp -d)"
trap 'stop_server; rm -rf "$WORK"' EXIT
(cd "$WORK" && exec env FIRMAMENT_HTTP_PORT="$PORT" FIRMAMENT_ADMIN_TOKEN="$TOKEN" \
    JAVA_OPTS="-XX:NativeMemoryTracking=summary ${JAVA_OPTS:-}" "$(dirname "$JAR")/firmament" > "$WORK/server.log" 2>&1) &
SERVER_PID=$!
until curl -sf -o /dev/null "http://127.0.0.1:$PORT/health"; do
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited:" >&2; tail -5 "$WORK/server.log" >&2; exit 1; }
  sleep 0.05
done
sleep "$IDLE"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg); idle for $IDLE s; $(ls "/proc/$SERVER_PID/task" | wc -l) threads"
grep -E '^(VmRSS|RssAnon|RssFile)' "/proc/$SERVER_PID/status" | awk '{printf "%s %d MiB\n", $1, $2 / 1024}'
# Resident KiB by mapping kind (pmap -x: address, size, RSS, dirty, mode, mapping).
heap=$(jcmd "$SERVER_PID" GC.heap_info | sed -n 's/.*\[0x\([0-9a-f]*\),.*/\1/p' | head -1)
pmap -x "$SERVER_PID" | awk -v heap="$heap" '
  $1 ~ /^[0-9a-f]+$/ {
    m = $6
    if (m ~ /\.jsa$/) kind = m " (" ($5 ~ /w/ ? "read-write, " $4 " KiB of it dirty" : "read-only") ")"
    else if (m == "[" && $5 ~ /x/) kind = "[anon, executable: JIT code]"
    else if (m == "[" && heap != "" && $1 >= heap && $1 < "0000000800000000") kind = "[anon: Java heap]"
    else if (m == "[") kind = "[anon: malloc, metaspace, stacks, other]"
    else kind = m
    rss[kind] += $3
  }
  END { for (k in rss) if (rss[k] >= 512) printf "%8d KiB  %s\n", rss[k], k }' | sort -rn
jcmd "$SERVER_PID" VM.native_memory summary | awk '/^ *malloc: / { printf "%8d KiB  NMT malloc, all categories\n", $2 }
  /^-/ {name = $0; sub(/^- */, "", name); sub(/ \(reserved.*/, "", name)}
  /^-.*committed=/ { match($0, /committed=[0-9]+KB/); v = substr($0, RSTART + 10, RLENGTH - 12); if (v + 0 >= 512) printf "%8d KiB  NMT %s\n", v, name }'
jcmd "$SERVER_PID" GC.heap_info | grep -E 'total|Metaspace'
