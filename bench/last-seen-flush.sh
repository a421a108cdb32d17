#!/bin/sh
# The last-seen flush: 100,000 devices' times written in one flush, the adapter's way
# (DeviceRepository.recordLastSeen) against the previous batch of single-row UPDATEs, alternating,
# on a throwaway PostgreSQL cluster and on an H2 file database; then RUNS x 4 flushes of a random
# tenth of the devices, as a fleet polling every few minutes flushes, with PostgreSQL's share of
# row updates made in place (HOT) (bench/LastSeenFlush.java).
# Usage: bench/last-seen-flush.sh [runs] [devices]
set -eu
. "$(dirname "$0")/lib.sh"
RUNS="${1:-5}"; DEVICES="${2:-100000}"
PGPORT="${BENCH_PG_PORT:-15433}"
require_jar
WORK="$(mktemp -d /tmp/firmament-bench.XXXXXX)"
chmod 755 "$WORK"
trap 'stop_postgres; rm -rf "$WORK"' EXIT
# A stop (Ctrl-C, kill) ends the run, which cleans up on its way out; the cleanup alone would let it go on.
trap 'exit 1' INT TERM

start_postgres "$WORK/pg" "$PGPORT"
echo "PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')), load average $(cut -d' ' -f1-3 /proc/loadavg):"
java -cp "$JAR" "$ROOT/bench/LastSeenFlush.java" "jdbc:postgresql://127.0.0.1:$PGPORT/firmament" firmament \
    "$RUNS" "$DEVICES" 2>"$WORK/pg-bench.log" | grep -E '^(run|median|flushes|rows)'
echo "H2 (file), load average $(cut -d' ' -f1-3 /proc/loadavg):"
java -cp "$JAR" "$ROOT/bench/LastSeenFlush.java" "jdbc:h2:file:$WORK/h2/firmament" sa \
    "$RUNS" "$DEVICES" 2>"$WORK/h2-bench.log" | grep -E '^(run|median|flushes|rows)'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
