#!/bin/sh
# Fleet benchmarks on PostgreSQL, 100,000 devices and 1,000 images (bench/fleet-seed.sql):
#  1. device check-in, seed 002's GET /bundles and Firmament's own device API
#     GET /api/devices/v1/updates (each with a device key, wrk walking through all 100,000
#     devices' keys), against GET /health/live, alternating, RUNS runs each after a warm-up.
#     /health/live is measured twice: with plain wrk (the reference the targets name) and through
#     the check-ins' own wrk script with the same keys (the like-for-like reference: wrk shares the
#     2 cores with the server; the script writes its requests before the run, so that it costs wrk
#     what plain wrk costs, and this reference shows whether it does);
#  2. both check-ins while 1,000 downloads are in flight at 16 KB/s each (bench/slow-clients.py),
#     with every key and state looked up again just before (they expire 15 minutes after their lookup);
#  3. the server's RSS idle and after the load, and what PostgreSQL did for the measured
#     check-ins (index scans per index from pg_stat_user_indexes, rows written).
# With nginx installed (Debian "nginx"), each run also measures nginx answering liveness's own
# 15-byte body from its configuration, at the same connections: a server that does nothing but
# answer, sharing the cores with wrk as Firmament does; its p99 shows what the machine and the
# load generator alone put into a p99 here.
# Usage: bench/fleet.sh [runs] [seconds] [connections]; extra server settings in FLEET_ENV
# (e.g. FLEET_ENV="FIRMAMENT_CREDENTIAL_CACHE_SECONDS=60"), JVM options in JAVA_OPTS.
set -eu
. "$(dirname "$0")/lib.sh"
RUNS="${1:-3}"; SECS="${2:-15}"; CONNS="${3:-64}"
PORT="${FIRMAMENT_HTTP_PORT:-18180}"; PGPORT="${BENCH_PG_PORT:-15432}"; NGINX_PORT="${BENCH_NGINX_PORT:-18199}"
BASE="http://127.0.0.1:$PORT"
require_jar
WORK="$(mktemp -d /tmp/firmament-bench.XXXXXX)"
chmod 755 "$WORK"
trap 'stop_server; stop_postgres; stop_nginx; rm -rf "$WORK"' EXIT
# A stop (Ctrl-C, kill) ends the run, which cleans up on its way out; the cleanup alone would let it go on.
trap 'exit 1' INT TERM

start_postgres "$WORK/pg" "$PGPORT"
# shellcheck disable=SC2086
start_server "$PORT" "$WORK/server" FIRMAMENT_DB_URL="jdbc:postgresql://127.0.0.1:$PGPORT/firmament" \
  FIRMAMENT_DB_USER=firmament ${FLEET_ENV:-}
psql_bench -f "$ROOT/bench/fleet-seed.sql"
echo "seeded: $(psql_bench -t -A -c 'SELECT count(*) FROM device') devices, $(psql_bench -t -A -c 'SELECT count(*) FROM firmware_image') images"
echo "idle RSS: $(rss_mib "$SERVER_PID")"
first=$(curl -sf -H "Authorization: Bearer bench-key-$(printf %033d 1)" "$BASE/bundles")
echo "a check-in answers: $(echo "$first" | head -c 160)..."

# What the database did for the measured check-ins: scans per index (a key lookup is one of the
# device key's index, a device state's one of the device's and one of its offers'; the last-seen
# flush's UPDATE one of the device's per device seen) and rows written, from PostgreSQL's counters.
db_counters() { psql_bench -t -A -F ' ' -c "SELECT indexrelname, idx_scan FROM pg_stat_user_indexes UNION ALL SELECT 'rows_written', sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables ORDER BY 1" > "$1"; }
db_work_since() { db_counters "$WORK/db-now"; awk 'NR == FNR {before[$1] = $2; next} $2 > before[$1] {printf "%s+%d %s", sep, $2 - before[$1], $1; sep = ", "} END {print ""}' "$1" "$WORK/db-now"; }
# Walks every device once through $1 (one wrk thread in 5 s slices of bench/fleet-warm-up.lua), and prints how
# long it took. The last slice runs past the last device, so its repeats are counted too: the rate
# printed is that of the walk's own check-ins, all $DEVICES of them done within the time (a lower bound).
DEVICES="${DEVICES:-100000}"; export DEVICES
walk_fleet() {
  start=0; began=$(date +%s%N)
  while [ "$start" -lt "$DEVICES" ]; do
    made=$(CHECK_IN_PATH=$1 START=$start wrk -t1 -c"$CONNS" -d5s -s "$ROOT/bench/fleet-warm-up.lua" "$BASE$1" | awk '/requests in/ {print $1}')
    # A server that stopped answering would keep this loop going for ever: the whole run stops instead.
    [ "${made:-0}" -gt 0 ] || { echo "wrk made no check-in at $1 in 5 s (has the server stopped?): the run stops" >&2; kill -TERM $$; exit 1; }
    start=$((start + made))
  done
  took=$(( ($(date +%s%N) - began) / 1000000 ))
  echo "done within $took ms ($start check-ins counted, repeats included), at least $(( DEVICES * 1000 / took )) per second"
}
# Each device's first check-in looks its key up in the database; later ones are answered from
# memory for up to 15 minutes, as a fleet polling every few minutes is.
echo "first check-in of each of the $DEVICES devices (a key lookup in PostgreSQL each): $(walk_fleet /bundles)"
# The device API's first check-in of each device records the update it is offered (a write each),
# which moves the device's bucket of the shared state epochs (DeviceStates.announce): every other
# instance forgets the bucket's devices at its next epoch read, so there each device's next
# check-in reads its state once more; this instance, which made those moves itself and remembers
# the states it committed, forgets nothing for them.
DEVICE_API=/api/devices/v1/updates
echo "a device API check-in answers: $(curl -sf -H "Authorization: Bearer bench-key-$(printf %033d 1)" "$BASE$DEVICE_API" | head -c 160)..."
echo "first device API check-in of each device (its offer recorded in PostgreSQL): $(walk_fleet $DEVICE_API)"
# Past the bound (FIRMAMENT_CREDENTIAL_CACHE_SECONDS, 5 s): the second walk's first check-in has
# the server read the epochs that the first walk's last offers moved, not one in its middle.
sleep 6
db_counters "$WORK/db-before"
echo "second device API check-in of each device, on the instance that recorded the offers: $(walk_fleet $DEVICE_API)"
echo "  PostgreSQL during that walk (index scans, rows written): $(db_work_since "$WORK/db-before")"
# What another instance does after the release: every bucket moved (by SQL here, as that instance's
# recordings move them), so each device's state is read once more.
psql_bench -q -c "UPDATE device_state_epoch SET epoch = epoch + 1"
sleep 6
echo "device API check-in of each device after every bucket moved elsewhere (its state read once more): $(walk_fleet $DEVICE_API)"
echo "warm-up (3 x 10 s)"
wrk_run 10 "$CONNS" "$BASE/health/live" > /dev/null
CHECK_IN_PATH=/health/live wrk_run 10 "$CONNS" "$BASE/health/live" -s "$ROOT/bench/fleet-check-in.lua" > /dev/null
wrk_run 10 "$CONNS" "$BASE/bundles" -s "$ROOT/bench/fleet-check-in.lua" > /dev/null
CHECK_IN_PATH=$DEVICE_API wrk_run 10 "$CONNS" "$BASE$DEVICE_API" -s "$ROOT/bench/fleet-check-in.lua" > /dev/null

db_counters "$WORK/db-before"
nginx_url=""; : > "$WORK/nginx-runs"
if start_nginx "$WORK/nginx" "$NGINX_PORT" "location / { default_type application/json; return 200 '{\"status\":\"UP\"}'; }"; then
  nginx_url="http://127.0.0.1:$NGINX_PORT/health/live"
else echo "nginx not installed or not started: no reference measured"; fi
echo "run  live req/s  p50 ms  p99 ms | live through the script | GET /bundles req/s  p50 ms  p99 ms  non-2xx | device API req/s  p50 ms  p99 ms  non-2xx"
: > "$WORK/live"; : > "$WORK/scripted"; : > "$WORK/checkin"; : > "$WORK/devapi"
for run in $(seq 1 "$RUNS"); do
  live=$(wrk_run "$SECS" "$CONNS" "$BASE/health/live")
  scripted=$(CHECK_IN_PATH=/health/live wrk_run "$SECS" "$CONNS" "$BASE/health/live" -s "$ROOT/bench/fleet-check-in.lua")
  checkin=$(wrk_run "$SECS" "$CONNS" "$BASE/bundles" -s "$ROOT/bench/fleet-check-in.lua")
  devapi=$(CHECK_IN_PATH=$DEVICE_API wrk_run "$SECS" "$CONNS" "$BASE$DEVICE_API" -s "$ROOT/bench/fleet-check-in.lua")
  echo "$live" >> "$WORK/live"; echo "$scripted" >> "$WORK/scripted"; echo "$checkin" >> "$WORK/checkin"; echo "$devapi" >> "$WORK/devapi"
  echo "$run $live | $scripted | $checkin | $devapi"
  if [ -n "$nginx_url" ]; then
    fixed=$(wrk_run "$SECS" "$CONNS" "$nginx_url"); echo "$fixed" >> "$WORK/nginx-runs"
    echo "$run nginx answering a fixed 200 (the machine's own share of a p99): $fixed"
  fi
done
echo "RSS after the load: $(rss_mib "$SERVER_PID")"
echo "PostgreSQL during the measured runs (index scans, rows written): $(db_work_since "$WORK/db-before")"
ml=$(cut -d' ' -f1 "$WORK/live" | median); mc=$(cut -d' ' -f1 "$WORK/checkin" | median)
md=$(cut -d' ' -f1 "$WORK/devapi" | median); ms=$(cut -d' ' -f1 "$WORK/scripted" | median)
percent() { awk "BEGIN {printf \"%.1f\", 100 * $1 / $2}"; }
echo "MEDIAN /health/live: $ml req/s, p99 $(cut -d' ' -f3 "$WORK/live" | median) ms; through the check-ins' script: $ms req/s"
echo "MEDIAN check-in GET /bundles: $mc req/s, p99 $(cut -d' ' -f3 "$WORK/checkin" | median) ms ($(percent "$mc" "$ml")% of /health/live, $(percent "$mc" "$ms")% of it through the same script)"
[ -z "$nginx_url" ] || echo "MEDIAN nginx answering a fixed 200: $(cut -d" " -f1 "$WORK/nginx-runs" | median) req/s, p99 $(cut -d" " -f3 "$WORK/nginx-runs" | median) ms"
echo "MEDIAN check-in $DEVICE_API: $md req/s, p99 $(cut -d' ' -f3 "$WORK/devapi" | median) ms ($(percent "$md" "$ml")% of /health/live, $(percent "$md" "$ms")% of it through the same script)"

# The first walk looked every key up some 13-16 minutes ago, and a remembered key or state expires
# 15 minutes after its lookup (CredentialCache.MAX_AGE), so left as they are all 100,000 would
# expire during the phase below, which would then measure lookups at the walks' cold rate (a
# fleet polling every few minutes spreads them over its interval; wrk's walk packed them into a
# minute) rather than what the downloads do to check-ins. So every key and state is forgotten as a
# change forgets them (the shared epochs advanced, as a key's revocation and a device's change do),
# and one walk through the device API looks them all up again, after the bound (5 s).
psql_bench -q -c "UPDATE credential_epoch SET epoch = epoch + 1" -c "UPDATE device_state_epoch SET epoch = epoch + 1"
sleep 6
echo "device API check-in of each device after every key and state was forgotten (both looked up again): $(walk_fleet $DEVICE_API)"
CHECK_IN_PATH=$DEVICE_API wrk_run 10 "$CONNS" "$BASE$DEVICE_API" -s "$ROOT/bench/fleet-check-in.lua" > /dev/null
wrk_run 10 "$CONNS" "$BASE/bundles" -s "$ROOT/bench/fleet-check-in.lua" > /dev/null
db_counters "$WORK/db-before"
echo "slow clients: 1,000 downloads at 16 KB/s of a 64 MiB image while wrk measures check-ins"
head -c 67108864 /dev/urandom > "$WORK/slow.bin"
id=$(curl -sf -X POST "$BASE/image/" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"label": "slow", "fw_version": "1.0.0"}' | sed 's/.*"id":"\([^"]*\)".*/\1/')
curl -sf -X POST "$BASE/image/$id/binary" -H "Authorization: Bearer $TOKEN" -F image=@"$WORK/slow.bin" > /dev/null
rm -f "$WORK/slow.bin"
python3 "$ROOT/bench/slow-clients.py" "$BASE/image/$id/binary" "Bearer $TOKEN" 1000 16384 $((SECS * RUNS + 20)) &
slow=$!
sleep 15
echo "downloads in flight: $(curl -sf "$BASE/metrics" | awk '/^firmament_downloads_in_flight/ {print $2}')"
: > "$WORK/slowcheckin"; : > "$WORK/slowdevapi"
for run in $(seq 1 "$RUNS"); do
  checkin=$(wrk_run "$SECS" "$CONNS" "$BASE/bundles" -s "$ROOT/bench/fleet-check-in.lua")
  devapi=$(CHECK_IN_PATH=$DEVICE_API wrk_run "$SECS" "$CONNS" "$BASE$DEVICE_API" -s "$ROOT/bench/fleet-check-in.lua")
  echo "$checkin" >> "$WORK/slowcheckin"; echo "$devapi" >> "$WORK/slowdevapi"
  echo "$run check-in with 1,000 slow downloads: GET /bundles $checkin | device API $devapi"
done
echo "RSS with 1,000 downloads in flight: $(rss_mib "$SERVER_PID")"
echo "PostgreSQL during the runs beside the downloads (index scans, rows written): $(db_work_since "$WORK/db-before")"
wait $slow || true
echo "MEDIAN check-in with 1,000 slow downloads: GET /bundles $(cut -d' ' -f1 "$WORK/slowcheckin" | median) req/s, p99 $(cut -d' ' -f3 "$WORK/slowcheckin" | median) ms; device API $(cut -d' ' -f1 "$WORK/slowdevapi" | median) req/s, p99 $(cut -d' ' -f3 "$WORK/slowdevapi" | median) ms"
