#!/bin/sh
# Every benchmark of docs/benchmarks.md, one after the other; build first:
#   mvn -q -DskipTests package && bench/run-all.sh
# Needs java 17 (with jcmd), curl, wrk, python3, pmap (procps), PostgreSQL server binaries and nginx
# (Debian: apt-get install wrk procps postgresql nginx). RUNS (default 3) runs of each figure, medians printed.
set -eu
cd "$(dirname "$0")/.."
RUNS="${RUNS:-3}"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, $(java -version 2>&1 | head -1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "== start-up to GET /health 200 and idle RSS, embedded default, as the README starts it (launcher, its defaults)"
JAVA_OPTS= LAUNCH=script sh bench/startup.sh 4
echo "== where the idle RSS of the README command goes (10 s idle, native memory tracking on)"
JAVA_OPTS= sh bench/memory.sh 10
echo "== the same with plain java -jar (JAVA_OPTS: ${JAVA_OPTS:-none})"
sh bench/startup.sh 4
echo "== fleet on PostgreSQL: check-in vs /health/live, slow clients, RSS"
sh bench/fleet.sh "$RUNS" 15 64
echo "== the last-seen flush of 100,000 devices: recordLastSeen vs the former batch of single-row UPDATEs"
sh bench/last-seen-flush.sh "$RUNS" 100000
echo "== slow clients alone, embedded default: 1,000 downloads at 16 KB/s beside check-ins"
sh bench/slow-downloads.sh "$RUNS" 10 64
echo "== 1 GiB upload at -Xmx256m and download vs nginx"
sh bench/download-1gib.sh "$RUNS"
