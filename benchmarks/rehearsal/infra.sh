#!/usr/bin/env bash
# The rehearsal's servers: a PostgreSQL cluster of its own, a Eureka server, the node applications and a
# Prometheus, all on 127.0.0.1, all started from $WORK (a temporary directory) and stopped by stop_all.
# Sourced by run.sh; every function logs what it does. Needs bash, a JDK 17+ and root for apt-get (or the
# packages already installed).

PG_PORT=${PG_PORT:-5439}
EUREKA_PORT=${EUREKA_PORT:-8761}
PROM_PORT=${PROM_PORT:-9099}
APP_BASE_PORT=${APP_BASE_PORT:-18080}
PIDS=()

log() { printf '%s rehearsal: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# apt-get install what is missing, without letting Debian start the packaged services (policy-rc.d).
ensure_packages() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  if ((${#missing[@]} == 0)); then
    return 0
  fi
  log "installing ${missing[*]} (apt-get; services not started)"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  local policy_created=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
    policy_created=1
  fi
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  local rc=$?
  ((policy_created)) && $sudo rm -f /usr/sbin/policy-rc.d
  return $rc
}

pg_bin() {
  ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1
}

# Runs a PostgreSQL command as the cluster's owner (initdb refuses root).
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

pg_init() {
  local bin
  bin=$(pg_bin)
  PGDATA_DIR="$WORK/pgdata"
  mkdir -p "$PGDATA_DIR" "$WORK/pgsock" "$WORK/pglog"
  [[ $(id -u) -eq 0 ]] && chown postgres "$PGDATA_DIR" "$WORK/pgsock" "$WORK/pglog" && chmod 755 "$WORK"
  log "initdb $PGDATA_DIR ($bin)"
  as_pg "$bin/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 >"$WORK/initdb.log" 2>&1 || {
    cat "$WORK/initdb.log" >&2; return 1; }
  cat >>"$PGDATA_DIR/postgresql.conf" <<CONF
port = $PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK/pgsock'
max_connections = 200
track_counts = on
CONF
}

pg_start() {
  as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA_DIR" -l "$WORK/pglog/postgres.log" -w -t 60 start >/dev/null
}

# A real stop: the server shuts down (fast mode: open transactions are rolled back, connections cut).
pg_stop() {
  as_pg "$(pg_bin)/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null
}

psql_q() {
  psql -X -q -At -h 127.0.0.1 -p "$PG_PORT" -U postgres "$@"
}

pg_create() {
  psql_q -d postgres -c "CREATE DATABASE rehearsal" >/dev/null
  psql_q -d rehearsal -f "$HERE/schema.sql" >/dev/null
}

# Starts one of the app jar's programs in the background (PropertiesLauncher reads loader.main); its pid goes
# to PIDS and LAST_PID (no command substitution: PIDS must grow in this shell).
start_java() {
  local name=$1 main=$2
  shift 2
  java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k -Dloader.main="$main" \
    -cp "$APP_JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$@" \
    >"$WORK/$name.log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
}

wait_http() {
  local url=$1 timeout=${2:-180} start=$SECONDS
  until curl -fsS --max-time 5 -o /dev/null "$url" 2>/dev/null; do
    if ((SECONDS - start > timeout)); then
      log "timed out waiting for $url"
      return 1
    fi
    sleep 1
  done
}

eureka_start() {
  log "starting Eureka on $EUREKA_PORT"
  start_java eureka dev.antientropy.bench.rehearsal.eureka.EurekaServerApplication --server.port="$EUREKA_PORT"
}

# Starts node application i (1-based): own node id and port, registered in Eureka.
app_start() {
  local i=$1
  shift
  local port=$((APP_BASE_PORT + i))
  log "starting node application app-$i on $port"
  start_java "app-$i" dev.antientropy.bench.rehearsal.node.NodeApplication \
    --server.port="$port" --rehearsal.node-id="$((1000000 + i))" \
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:$PG_PORT/rehearsal" \
    --eureka.client.service-url.defaultZone="http://127.0.0.1:$EUREKA_PORT/eureka/" \
    --eureka.instance.instance-id="app-$i" "$@"
}

prometheus_start() {
  local rules=$1 targets=$2
  mkdir -p "$WORK/prometheus"
  cat >"$WORK/prometheus/prometheus.yml" <<CONF
global:
  scrape_interval: 2s
  evaluation_interval: 2s
rule_files:
  - $rules
scrape_configs:
  - job_name: antientropy-rehearsal
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: [$targets]
CONF
  log "starting Prometheus on $PROM_PORT (scraping $targets)"
  prometheus --config.file="$WORK/prometheus/prometheus.yml" --storage.tsdb.path="$WORK/prometheus/data" \
    --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
  PIDS+=($!)
}

# Refuses to start when a port the rehearsal needs is taken (a leftover of an earlier run, or another program).
check_ports() {
  local port
  for port in "$@"; do
    if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      log "port $port is in use: stop what listens there first"
      return 1
    fi
  done
}

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null
  done
  PIDS=()
  if [[ -n ${PGDATA_DIR:-} && -f $PGDATA_DIR/postmaster.pid ]]; then
    pg_stop 2>/dev/null
  fi
}
