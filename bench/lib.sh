# Shared helpers for the bench scripts (sourced, not run). POSIX sh.
# Needs: java 17, curl, wrk, python3; PostgreSQL 15 server binaries (Debian "postgresql") for
# the fleet benchmarks; nginx (Debian "nginx") for the download comparison.

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="${FIRMAMENT_JAR:-$ROOT/bootstrap/target/firmament.jar}"
TOKEN=benchmark-token-0123456789
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"

require_jar() {
  [ -f "$JAR" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
}

# start_server <port> <work dir> [env assignments...]: starts Firmament in the background, waits for
# GET /health 200, sets SERVER_PID. JAVA_OPTS is passed to the JVM.
start_server() {
  port=$1; dir=$2; shift 2
  mkdir -p "$dir"
  (cd "$dir" && exec env FIRMAMENT_HTTP_PORT="$port" FIRMAMENT_ADMIN_TOKEN="$TOKEN" "$@" \
      java ${JAVA_OPTS:-} -jar "$JAR" > "$dir/server.log" 2>&1) &
  SERVER_PID=$!
  i=0
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    i=$((i + 1)); [ $i -lt 1200 ] || { echo "server did not start, see $dir/server.log" >&2; exit 1; }
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited, see $dir/server.log" >&2; tail -5 "$dir/server.log" >&2; exit 1; }
    sleep 0.05
  done
}

stop_server() {
  [ -n "${SERVER_PID:-}" ] && kill -TERM "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

rss_mib() { echo "$(( $(awk '/VmRSS/ {print $2}' "/proc/$1/status") / 1024 )) MiB ($(ls "/proc/$1/task" | wc -l) threads)"; }

# start_postgres <dir> <port>: a throwaway PostgreSQL cluster owned by the postgres user (it refuses root).
start_postgres() {
  PG_DIR=$1; PG_PORT=$2
  [ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; AS_PG="runuser -u postgres --"; else AS_PG=""; fi
  $AS_PG "$PG_BIN/initdb" -D "$PG_DIR/data" -U firmament --auth=trust > "$PG_DIR/initdb.log" 2>&1
  $AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w \
      -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB" start > /dev/null
  $AS_PG "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U firmament firmament
}

stop_postgres() {
  [ -n "${PG_DIR:-}" ] && $AS_PG "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop > /dev/null 2>&1 || true
  PG_DIR=
}

# start_nginx <dir> <port> <directives>: nginx on 127.0.0.1:<port>, all workers, the directives
# (e.g. "root /srv;") in its server block; NGINX_DIR says where it runs, for stop_nginx. Fails
# when nginx is not installed.
nginx_binary() { command -v nginx || echo /usr/sbin/nginx; }

start_nginx() {
  NGINX="$(nginx_binary)"
  [ -x "$NGINX" ] || return 1
  NGINX_DIR=$1; mkdir -p "$1/tmp"
  cat > "$1/nginx.conf" <<CONF
daemon on; worker_processes auto; pid $1/nginx.pid; error_log $1/error.log;
events { worker_connections 4096; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 100000000; default_type application/octet-stream;
  client_body_temp_path $1/tmp; proxy_temp_path $1/tmp; fastcgi_temp_path $1/tmp; uwsgi_temp_path $1/tmp; scgi_temp_path $1/tmp;
  server { listen 127.0.0.1:$2; $3 } }
CONF
  "$NGINX" -c "$1/nginx.conf" -p "$1" || return 1
  i=0; until curl -s -o /dev/null "http://127.0.0.1:$2/"; do i=$((i + 1)); [ $i -lt 100 ] || return 1; sleep 0.05; done
}

stop_nginx() {
  [ -n "${NGINX_DIR:-}" ] && [ -f "$NGINX_DIR/nginx.pid" ] && kill "$(cat "$NGINX_DIR/nginx.pid")" 2>/dev/null || true
  NGINX_DIR=
}

psql_bench() { psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U firmament firmament "$@"; }

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# wrk_run <seconds> <connections> <url> [wrk args...]: prints "<req/s> <p50 ms> <p99 ms> <non-2xx>"
wrk_run() {
  secs=$1; conns=$2; url=$3; shift 3
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" "$url" | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /Requests\/sec/ {rps=$2} / 50%/ {p50=ms($2)} / 99%/ {p99=ms($2)} /Non-2xx/ {bad=$5}
    END {printf "%d %.2f %.2f %d\n", rps, p50, p99, bad + 0}'
}
