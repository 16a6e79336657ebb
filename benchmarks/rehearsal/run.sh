#!/usr/bin/env bash
# The fleet rehearsal on real servers (issue 11): a PostgreSQL of its own as the remote authority, a Eureka
# server, a few node applications built on the starter (registered in Eureka, scraped by Prometheus), and a fleet
# host JVM running thousands of syncers, each with its own local state and rows. Every scenario's load is counted
# at PostgreSQL (sync_log rows stamped by clock_timestamp()) and set beside the fleet simulation's prediction.
#
#   benchmarks/rehearsal/run.sh --quick   # 500 + 2 nodes, interval 3 s: a few minutes; results in
#                                         # benchmarks/rehearsal-app/target/rehearsal-quick/
#   benchmarks/rehearsal/run.sh           # 2000 + 3 nodes, interval 6 s: about 20 minutes; results in
#                                         # benchmarks/results/rehearsal/
# Options: --nodes N (fleet host nodes), --apps K (node applications), --out DIR, --scenarios "a b",
# --no-build (use the jar built last time).
# Needs a JDK 17+; installs postgresql, prometheus and curl with apt-get when missing (root or sudo).
# The build runs under nice; the servers and the fleet run at normal priority (they are measured in real time).
# On a machine shared with other builds the servers start slowly (minutes at a load average of 30): the waits
# allow 15 minutes, and every scenario records the load average it ran at.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
QUICK=0
BUILD=1
NODES=0
APPS=""
OUT=""
SCENARIOS="cold_start cold_start_stagger steady_random steady_rank postgres_restart naive"
while (($#)); do
  case $1 in
    --quick) QUICK=1 ;;
    --nodes) NODES=$2; shift ;;
    --apps) APPS=$2; shift ;;
    --out) OUT=$2; shift ;;
    --scenarios) SCENARIOS=$2; shift ;;
    --no-build) BUILD=0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
if ((QUICK)); then
  APPS=${APPS:-2}; INTERVAL_MS=3000; MODE=(--quick)
  OUT=${OUT:-$ROOT/benchmarks/rehearsal-app/target/rehearsal-quick}
else
  APPS=${APPS:-3}; INTERVAL_MS=6000; MODE=()
  OUT=${OUT:-$ROOT/benchmarks/results/rehearsal}
fi
HOST_NODES=$NODES
((HOST_NODES > 0)) || HOST_NODES=$((QUICK ? 500 : 2000))
mkdir -p "$OUT/raw"
OUT=$(cd "$OUT" && pwd)

# shellcheck source=infra.sh
source "$HERE/infra.sh"
WORK=$(mktemp -d /tmp/antientropy-rehearsal.XXXXXX)
trap 'stop_all; rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM
STARTED=$SECONDS

ensure_packages || { log "could not install postgresql, prometheus, curl"; exit 1; }

if ((BUILD)); then
  log "building the rehearsal programs (./mvnw -pl benchmarks/rehearsal-app -am package, no tests)"
  # No tests, javadoc, sources or SBOM: only the jar the rehearsal runs (the test command builds the rest).
  (cd "$ROOT" && nice -n 10 ./mvnw -B -q -pl benchmarks/rehearsal-app -am -Dmaven.test.skip=true \
    -Dantientropy.publish.skip=true package) || exit 1
fi
APP_JAR=$ROOT/benchmarks/rehearsal-app/target/antientropy-rehearsal-app.jar

check_ports "$PG_PORT" "$EUREKA_PORT" "$PROM_PORT" $(seq $((APP_BASE_PORT + 1)) $((APP_BASE_PORT + APPS))) || exit 1
pg_init || exit 1
pg_start || { cat "$WORK/pglog/postgres.log" >&2; exit 1; }
pg_create || exit 1
log "PostgreSQL $(psql_q -d rehearsal -c 'SHOW server_version') on 127.0.0.1:$PG_PORT ($PGDATA_DIR)"
cat >"$WORK/pg-stop.sh" <<SH
#!/usr/bin/env bash
source "$HERE/infra.sh"; PGDATA_DIR=$PGDATA_DIR; WORK=$WORK; pg_stop
SH
cat >"$WORK/pg-start.sh" <<SH
#!/usr/bin/env bash
source "$HERE/infra.sh"; PGDATA_DIR=$PGDATA_DIR; WORK=$WORK; pg_start
SH

# Eureka and the applications start together (an application retries its registration until Eureka answers).
eureka_start
TOTAL=$((HOST_NODES + APPS))
TARGETS=""
for ((i = 1; i <= APPS; i++)); do
  app_start "$i" --antientropy.interval="${INTERVAL_MS}ms" \
    --antientropy.server-up-interval="$((INTERVAL_MS / 20))ms" \
    --antientropy.retry-fail-interval="$((INTERVAL_MS / 4))ms" --antientropy.cluster-size="$TOTAL"
  TARGETS+="${TARGETS:+, }'127.0.0.1:$((APP_BASE_PORT + i))'"
done
wait_http "http://127.0.0.1:$EUREKA_PORT/actuator/health" 900 || { tail -50 "$WORK/eureka.log" >&2; exit 1; }
for ((i = 1; i <= APPS; i++)); do
  wait_http "http://127.0.0.1:$((APP_BASE_PORT + i))/actuator/health" 900 || { tail -50 "$WORK/app-$i.log" >&2; exit 1; }
done
deadline=$((SECONDS + 120))
until (($(curl -fsS --max-time 10 -H 'Accept: application/json' "http://127.0.0.1:$EUREKA_PORT/eureka/apps" \
  | grep -o '"instanceId":"app-[0-9]*"' | wc -l) >= APPS)); do
  ((SECONDS > deadline)) && { log "not every application registered in Eureka"; break; }
  sleep 2
done
log "Eureka lists: $(curl -fsS --max-time 10 -H 'Accept: application/json' "http://127.0.0.1:$EUREKA_PORT/eureka/apps" \
  | grep -o '"instanceId":"[^"]*"' | tr '\n' ' ')"

# The operations alert rules, with every 'for:' shortened to 10s so that the rehearsal sees an alert fire.
RULES_SRC=$ROOT/ops/prometheus/antientropy-alerts.yml
RULES=$WORK/antientropy-alerts-rehearsal.yml
if [[ -f $RULES_SRC ]]; then
  sed -E 's/^([[:space:]]*for:[[:space:]]*).*/\110s/' "$RULES_SRC" >"$RULES"
  cp "$RULES" "$OUT/raw/antientropy-alerts-rehearsal.yml"
else
  log "no $RULES_SRC: Prometheus runs without alert rules"
  printf 'groups: []\n' >"$RULES"
fi
prometheus_start "$RULES" "$TARGETS"
wait_http "http://127.0.0.1:$PROM_PORT/-/ready" 60 || { tail -30 "$WORK/prometheus.log" >&2; exit 1; }

prom_query() {
  curl -fsS --max-time 10 -G "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1"
}

# app-1's alerts in a /api/v1/alerts answer, one per line, AntiEntropyPausedTooLong only.
paused_alert() {
  tr -d '\n' <"$1" | sed 's/{"labels"/\n&/g' | grep '"alertname":"AntiEntropyPausedTooLong"' \
    | grep "\"instance\":\"127.0.0.1:$((APP_BASE_PORT + 1))\""
}

# Pauses app-1's syncer through the endpoint (with the operator's credentials; once without, to show the 401),
# then asks Prometheus' HTTP API for antientropy_paused and the alert, pending and then firing, and keeps every
# answer as a raw file (raw/prometheus-*.json; the transcript in raw/prometheus-pause.txt).
pause_check() {
  local port=$((APP_BASE_PORT + 1)) report="$OUT/raw/prometheus-pause.txt" deadline paused_at
  local url="http://127.0.0.1:$port/actuator/antientropy/rows" creds=operator:rehearsal-secret
  local alerts="http://127.0.0.1:$PROM_PORT/api/v1/alerts"
  rm -f "$OUT"/raw/prometheus-*.json
  {
    echo "# $(date -u +%FT%TZ): load average $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "# Prometheus rules loaded (GET /api/v1/rules): raw/prometheus-rules.json; the rules file is a copy of"
    echo "# ops/prometheus/antientropy-alerts.yml with every 'for:' shortened to 10s (raw/antientropy-alerts-rehearsal.yml)"
    curl -fsS --max-time 10 "http://127.0.0.1:$PROM_PORT/api/v1/rules" >"$OUT/raw/prometheus-rules.json"
    echo "# Prometheus before the pause (GET /api/v1/query?query=antientropy_paused): raw/prometheus-paused-before.json"
    prom_query 'antientropy_paused' >"$OUT/raw/prometheus-paused-before.json"
    cat "$OUT/raw/prometheus-paused-before.json"; echo
    echo "# $(date -u +%FT%TZ): POST $url {\"action\":\"pause\"} without credentials"
    curl -sS --max-time 10 -o /dev/null -w 'HTTP %{http_code}\n' -X POST "$url" -H 'Content-Type: application/json' \
      -d '{"action":"pause"}'
    echo "# $(date -u +%FT%TZ): POST $url {\"action\":\"pause\"} with the operator's credentials (HTTP basic)"
    paused_at=$SECONDS
    curl -sS --max-time 10 -w '\nHTTP %{http_code}\n' -u "$creds" -X POST "$url" -H 'Content-Type: application/json' \
      -d '{"action":"pause"}'
    echo "# GET $url"
    curl -fsS --max-time 10 "$url"; echo
    deadline=$((SECONDS + 60))
    until prom_query 'antientropy_paused == 1' | grep -q "127.0.0.1:$port"; do
      ((SECONDS > deadline)) && { echo "antientropy_paused never reached 1"; break; }
      sleep 1
    done
    echo "# Prometheus: antientropy_paused (app-1 at 1 after $((SECONDS - paused_at)) s; GET /api/v1/query?query=antientropy_paused): raw/prometheus-paused.json"
    prom_query 'antientropy_paused' >"$OUT/raw/prometheus-paused.json"
    cat "$OUT/raw/prometheus-paused.json"; echo
    local state
    for state in pending firing; do
      deadline=$((SECONDS + 120))
      until curl -fsS --max-time 10 "$alerts" >"$WORK/alerts.json" && paused_alert "$WORK/alerts.json" | grep -q "\"state\":\"$state\""; do
        ((SECONDS > deadline)) && { echo "AntiEntropyPausedTooLong not $state for app-1 within 120 s"; break; }
        sleep 0.5
      done
      cp "$WORK/alerts.json" "$OUT/raw/prometheus-alerts-$state.json"
      echo "# Prometheus: AntiEntropyPausedTooLong $state for app-1 $((SECONDS - paused_at)) s after the pause (GET /api/v1/alerts): raw/prometheus-alerts-$state.json"
      cat "$OUT/raw/prometheus-alerts-$state.json"; echo
    done
    echo "# Prometheus: ALERTS series (GET /api/v1/query?query=ALERTS): raw/prometheus-alerts-query.json"
    prom_query 'ALERTS' >"$OUT/raw/prometheus-alerts-query.json"
    cat "$OUT/raw/prometheus-alerts-query.json"; echo
    echo "# $(date -u +%FT%TZ): resume (with the operator's credentials)"
    curl -sS --max-time 10 -w '\nHTTP %{http_code}\n' -u "$creds" -X POST "$url" -H 'Content-Type: application/json' \
      -d '{"action":"resume"}'
    echo "# $(date -u +%FT%TZ): load average $(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$report" 2>&1
  log "pause check: $(grep -h -e '^# Prometheus: ' -e '^HTTP' -e '^antientropy_paused never' -e '^AntiEntropyPausedTooLong not' \
    "$report" | cut -c1-100 | tr '\n' ' ') ($report)"
}

FLEET_JAVA=(java -Xmx1g -Xss256k -XX:+UseParallelGC -Dlogback.configurationFile=rehearsal-fleet-logback.xml
  -Dloader.main=dev.antientropy.bench.rehearsal.FleetHost
  -cp "$APP_JAR" org.springframework.boot.loader.launch.PropertiesLauncher)
for scenario in $SCENARIOS; do
  log "scenario $scenario"
  PAUSE_PID=""
  if [[ $scenario == steady_random ]]; then
    pause_check &
    PAUSE_PID=$!
  fi
  "${FLEET_JAVA[@]}" --scenario "$scenario" "${MODE[@]}" --nodes "$HOST_NODES" --apps "$APPS" \
    --jdbc "jdbc:postgresql://127.0.0.1:$PG_PORT/rehearsal" --out "$OUT" \
    --pg-stop "bash $WORK/pg-stop.sh" --pg-start "bash $WORK/pg-start.sh" 2>&1 | tee "$OUT/raw/$scenario.out" \
    || log "scenario $scenario failed"
  [[ -n $PAUSE_PID ]] && wait "$PAUSE_PID"
done

# The node applications' rows against their local state (GET /rehearsal/rows), after every scenario and so after
# the PostgreSQL restart: an application keeps changing a row every 5 s and pushes it at once, so a comparison
# that meets a change in flight is made again, up to 5 times, a second apart.
apps_check() {
  local i port id local_rows remote_rows attempt converged=0 lost=0 missing
  for ((i = 1; i <= APPS; i++)); do
    port=$((APP_BASE_PORT + i)) id=$((1000000 + i))
    for attempt in 1 2 3 4 5; do
      local_rows=$(curl -fsS --max-time 10 "http://127.0.0.1:$port/rehearsal/rows")
      remote_rows=$(psql_q -d rehearsal -c "SELECT key || '=' || value FROM node_rows WHERE node_id = $id ORDER BY key")
      [[ -n $local_rows && $local_rows == "$remote_rows" ]] && break
      sleep 1
    done
    missing=$(comm -23 <(cut -d= -f1 <<<"$local_rows" | sort) <(cut -d= -f1 <<<"$remote_rows" | sort) | grep -c .)
    lost=$((lost + missing))
    if [[ -n $local_rows && $local_rows == "$remote_rows" ]]; then
      converged=$((converged + 1))
      echo "app-$i (node $id): $(grep -c . <<<"$local_rows") rows, equal to PostgreSQL's (attempt $attempt)"
    else
      echo "app-$i (node $id): differs after 5 attempts; local $(grep -c . <<<"$local_rows") rows, PostgreSQL $(grep -c . <<<"$remote_rows"), $missing missing at PostgreSQL"
    fi
  done
  echo "node applications: $converged of $APPS converged, $lost rows lost"
}
apps_check | tee "$OUT/raw/apps-converged.txt"

{
  echo "date: $(date -u +%FT%TZ)"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "postgresql: $(psql_q -d rehearsal -c 'SHOW server_version'), prometheus: $(prometheus --version 2>&1 | head -1)"
  echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "wall time: $((SECONDS - STARTED)) s ($([[ $QUICK == 1 ]] && echo --quick || echo full run))"
} >"$OUT/raw/machine.txt"
log "done in $((SECONDS - STARTED)) s; $OUT/summary.csv:"
column -s, -t <"$OUT/summary.csv" 2>/dev/null || cat "$OUT/summary.csv"
# The issue's goals, read off the summary (printed, and kept in raw/goals.txt).
awk -F, -v host="$HOST_NODES" 'NR > 1 {
  m = $3; s = $4
  if ($1 ~ /^steady_/) printf "%-20s measured %s vs simulated %s: %+.0f %% (goal: within 15 %%) %s\n", $1, m, s,
    (m / s - 1) * 100, ((m / s - 1) * (m / s - 1) <= 0.0225 ? "met" : "MISSED")
  if ($1 == "postgres_restart") printf "%-20s %d nodes converged (the fleet host has %d), %d rows lost (goal: all, 0) %s\n",
    $1, $6, host, $7, ($6 == host && $7 == 0 ? "met" : "MISSED")
  if ($1 == "cold_start_stagger") printf "%-20s measured peak/mean %s (goal: <= 3) %s\n", $1, m, (m != "NaN" && m <= 3 ? "met" : "MISSED")
  if ($1 == "naive") printf "%-20s measured peak/mean %s, peak %s per 100 ms (the herd: simulated %s)\n", $1, m, $5, s
}' "$OUT/summary.csv" | tee "$OUT/raw/goals.txt"
