#!/usr/bin/env bash
# Ingestion benchmark: how many runs per second the packaged energy-analyzer accepts on POST /v1/runs
# (wrk), and how many its profiler turns into complete profiles from a real Prometheus scraping real
# msr-exporters on fixture machines whose powercap counters advance at known watts. See README.md.
#
#   benchmarks/energy-analyzer/ingest.sh [--build]
#
# Environment: BENCH_NODES (exporters = nodes, default 3), BENCH_HISTORY_SECONDS (Prometheus history
# before the profiled runs are posted, default 90), BENCH_PROFILE_RUNS (default 3000),
# BENCH_POLL_INTERVAL (energy-analyzer.profiles.poll-interval while profiling, default 5s as deployed),
# BENCH_PROFILE_TIMEOUT (s, default 900), BENCH_SECONDS (wrk measured run, default 20),
# BENCH_WARMUP_SECONDS (default 10), BENCH_CONNECTIONS (default 4), BENCH_MACHINE (fixture, default
# xeon-2s-clx), BENCH_JFR (1: record the profiling phase with JFR), BENCH_JAVA_OPTS (analyzer JVM),
# BENCH_EXPORTER_JAVA_OPTS, PG_BIN (directory of initdb/pg_ctl/psql), PROMETHEUS (binary).
set -euo pipefail
export LC_ALL=C

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
parse_args "$@"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BENCH_NODES=${BENCH_NODES:-3}
BENCH_HISTORY_SECONDS=${BENCH_HISTORY_SECONDS:-90}
BENCH_PROFILE_RUNS=${BENCH_PROFILE_RUNS:-3000}
BENCH_POLL_INTERVAL=${BENCH_POLL_INTERVAL:-5s}
BENCH_PROFILE_TIMEOUT=${BENCH_PROFILE_TIMEOUT:-900}
BENCH_SECONDS=${BENCH_SECONDS:-20}
BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-4}
BENCH_JFR=${BENCH_JFR:-0}
MACHINE=${BENCH_MACHINE:-xeon-2s-clx}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx256m -XX:+ExitOnOutOfMemoryError}
BENCH_EXPORTER_JAVA_OPTS=${BENCH_EXPORTER_JAVA_OPTS--Xmx96m -XX:+ExitOnOutOfMemoryError}
PROMETHEUS=${PROMETHEUS:-prometheus}
ANALYZER_JAR=$REPO/energy-analyzer/target/quarkus-app/quarkus-run.jar
EXPORTER_JAR=$REPO/msr-exporter/target/quarkus-app/quarkus-run.jar
FIXTURES_JAR=$REPO/test-fixtures/target/test-fixtures-0.1.0-SNAPSHOT.jar
HELPER=$HERE/ingest.py
SETTLE=5s   # energy-analyzer.profiles.settle: the scrape interval (1 s) plus margin

log() { echo "== $(date +%H:%M:%S) $*" >&2; }

need wrk "apt-get install wrk"
need curl "apt-get install curl"
need java "install a JDK 17 or newer"
need python3 "apt-get install python3 (drives the fixture counters, posts the profiled runs)"
need "$PROMETHEUS" "apt-get install prometheus (or set PROMETHEUS=/path/to/prometheus)"
need getconf "apt-get install libc-bin"
[[ $BENCH_JFR == 0 ]] || { need jcmd "the JDK's jcmd tool (BENCH_JFR=1)"; need jfr "the JDK's jfr tool (BENCH_JFR=1)"; }
for n in BENCH_NODES BENCH_HISTORY_SECONDS BENCH_PROFILE_RUNS BENCH_PROFILE_TIMEOUT BENCH_SECONDS BENCH_CONNECTIONS; do
    [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "$n must be a positive integer"
done
[[ $BENCH_WARMUP_SECONDS =~ ^[0-9]+$ ]] || die "BENCH_WARMUP_SECONDS must be a non-negative integer"
[[ $BENCH_NODES -le 8 ]] || die "BENCH_NODES: at most 8 exporters (each is a JVM; this is meant for a small machine)"
[[ $BENCH_HISTORY_SECONDS -ge 30 ]] || die "BENCH_HISTORY_SECONDS must be at least 30 (runs last 5-60 s inside the history)"
[[ $BENCH_POLL_INTERVAL =~ ^[0-9]+(ms|s|m)$ ]] || die "BENCH_POLL_INTERVAL must look like 1s, 500ms or 1m"
if [[ -z ${PG_BIN:-} ]]; then
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1 || true)
fi
[[ -n $PG_BIN && -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl && -x $PG_BIN/psql ]] \
    || die "no PostgreSQL server binaries: apt-get install postgresql, or set PG_BIN to the directory holding initdb, pg_ctl and psql"

if [[ $BUILD == 1 || ! -f $ANALYZER_JAR || ! -f $EXPORTER_JAR || ! -f $FIXTURES_JAR ]]; then
    log "building (./mvnw -q -DskipTests install)"
    (cd "$REPO" && ./mvnw -q -DskipTests install)
fi
for jar in "$ANALYZER_JAR" "$EXPORTER_JAR" "$FIXTURES_JAR"; do
    [[ -f $jar ]] || die "build did not produce $jar (run: $0 --build)"
done
CLK_TCK=$(getconf CLK_TCK)
BATCH=$(sed -n 's/.*static final int BATCH = \([0-9]*\);.*/\1/p' "$REPO/energy-analyzer/src/main/java/io/escheduler/analyzer/profiles/ProfilingJob.java")
BATCH=${BATCH:-?}

# ---------------------------------------------------------------- output, processes
RUN_ID=$(date +%Y%m%d-%H%M%S)
OUT=$REPO/bench-out/energy-analyzer/ingest-$RUN_ID
mkdir -p "$OUT"
ln -sfn "ingest-$RUN_ID" "$REPO/bench-out/energy-analyzer/ingest-latest"
WORK=$(mktemp -d /tmp/escheduler-bench-ingest.XXXXXX)   # fixture trees, Prometheus' storage
PGWORK=$(mktemp -d /tmp/escheduler-bench-pg.XXXXXX)     # the database
AS_PG=()
if [[ $(id -u) == 0 ]]; then
    AS_PG=(runuser -u postgres --)   # PostgreSQL refuses to run as root
    chown postgres: "$PGWORK"
fi
pg() { "${AS_PG[@]}" "$PG_BIN/$1" "${@:2}"; }

PIDS=()          # every background process this script started, stopped in reverse order
PG_STARTED=0
cleanup() {
    local i
    for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do stop_pid "${PIDS[$i]}"; done
    if [[ $PG_STARTED == 1 ]]; then
        pg pg_ctl -D "$PGWORK/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK" "$PGWORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_ready NAME PID URL: until URL answers 2xx (120 s at most)
wait_ready() {
    local name=$1 pid=$2 url=$3
    for _ in $(seq 1200); do
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$OUT/$name.log" >&2; die "$name exited during start-up (log: $OUT/$name.log)"; }
        curl -sf -o /dev/null "$url" && return 0
        sleep 0.1
    done
    tail -n 30 "$OUT/$name.log" >&2
    die "$name not ready at $url after 120 s (log: $OUT/$name.log)"
}

# "tid ticks name" for every thread of process $1 (names with their numbers cut: "C2 CompilerThread0" -> "C2_CompilerThread")
thread_ticks() {
    local t
    for t in /proc/"$1"/task/*; do
        { sed 's/^.*) //' "$t/stat" | awk -v tid="${t##*/}" -v name="$(tr ' ' '_' <"$t/comm")" \
            '{ sub(/[-_]?[0-9]+$/, "", name); print tid, $12 + $13, name }'; } 2>/dev/null || true
    done
}
# the PostgreSQL server: the postmaster and every process it started (backends, autovacuum)
pg_pids() { echo "$POSTMASTER $(pgrep -P "$POSTMASTER" | tr '\n' ' ' || true)"; }
seconds_of() { awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }'; }
per_1000() { awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" 'BEGIN { printf "%.2f", (n > 0 ? t / hz / n * 1000 : 0) }'; }
now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.1f", e - s }'; }

note_load

# ---------------------------------------------------------------- fixture trees, power driver
log "fixture $MACHINE for $BENCH_NODES node(s)"
CP_FILE=$OUT/test-fixtures.classpath
(cd "$REPO" && ./mvnw -q -o -pl test-fixtures dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >/dev/null 2>&1) \
    || (cd "$REPO" && ./mvnw -q -pl test-fixtures dependency:build-classpath -Dmdep.outputFile="$CP_FILE") \
    || die "cannot resolve the test-fixtures class path (try: $0 --build)"
java -cp "$FIXTURES_JAR:$(cat "$CP_FILE")" io.escheduler.testing.FixtureCli "$MACHINE" "$WORK/fixture" >"$OUT/fixture.log" \
    || die "FixtureCli $MACHINE failed: $(cat "$OUT/fixture.log")"
[[ -d $WORK/fixture/sys/class/powercap/intel-rapl:0 && -d $WORK/fixture/sys/class/powercap/intel-rapl:1:0 ]] \
    || die "fixture $MACHINE lacks the powercap zones intel-rapl:0, :0:0, :1, :1:0 the power driver advances (use a two-socket Xeon fixture)"
NODES=() SYSTEMS=() MEMBERS=() TREES=()
for ((k = 1; k <= BENCH_NODES; k++)); do
    NODES+=("node-$k")
    mkdir "$WORK/node-$k"
    cp -a "$WORK/fixture/sys" "$WORK/fixture/proc" "$WORK/node-$k/"   # powercap needs no MSR device files
    TREES+=("node-$k=$WORK/node-$k")
done
rm -rf "$WORK/fixture"   # its MSR device files are sparse, tens of GB apparent size
# systems of two nodes each (the last one alone when the count is odd): a quarter of the profiled runs use a whole system
SYSPROPS=()
for ((k = 1; k <= BENCH_NODES; k += 2)); do
    s="sys-$(( (k + 1) / 2 ))" members="node-$k"
    [[ $k -lt $BENCH_NODES ]] && members+=",node-$((k + 1))"
    SYSTEMS+=("$s=$members")
    SYSPROPS+=("-Denergy-analyzer.systems.members.$s=$members")
done

SCHEDULE=$OUT/power-schedule.json
python3 "$HELPER" drive "$SCHEDULE" "${TREES[@]}" >"$OUT/power-driver.log" 2>&1 &
DRIVER_PID=$!
PIDS+=("$DRIVER_PID")
for _ in $(seq 100); do [[ -f $SCHEDULE ]] && break; kill -0 "$DRIVER_PID" 2>/dev/null || break; sleep 0.1; done
[[ -f $SCHEDULE ]] || die "the power driver did not start: $(cat "$OUT/power-driver.log")"

# ---------------------------------------------------------------- exporters, Prometheus
cp -a "$(dirname "$EXPORTER_JAR")" "$WORK/msr-exporter"   # private copies: a rebuild during the run changes nothing
cp -a "$(dirname "$ANALYZER_JAR")" "$WORK/energy-analyzer"
EXPORTER_PIDS=() TARGETS=()
for node in "${NODES[@]}"; do
    port=$(free_port)
    MSR_EXPORTER_ADDRESS="127.0.0.1:$port" MSR_EXPORTER_SOURCE=powercap \
    MSR_EXPORTER_SYSFS_ROOT="$WORK/$node/sys" MSR_EXPORTER_PROCFS_ROOT="$WORK/$node/proc" \
    MSR_EXPORTER_NODE_NAME="$node" MSR_EXPORTER_CPU_FREQUENCY_METRICS=false \
        java $BENCH_EXPORTER_JAVA_OPTS -jar "$WORK/msr-exporter/quarkus-run.jar" >"$OUT/exporter-$node.log" 2>&1 &
    EXPORTER_PIDS+=("$!")
    PIDS+=("$!")
    TARGETS+=("\"127.0.0.1:$port\"")
done
log "msr-exporter x$BENCH_NODES (powercap, cpu-frequency-metrics=false) starting"
for i in "${!NODES[@]}"; do
    wait_ready "exporter-${NODES[$i]}" "${EXPORTER_PIDS[$i]}" "http://${TARGETS[$i]//\"/}/q/health/ready"
done

PROM_PORT=$(free_port)
mkdir -p "$WORK/prometheus"
cat >"$OUT/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: escheduler
    static_configs:
      - targets: [$(IFS=,; echo "${TARGETS[*]}")]
EOF
"$PROMETHEUS" --config.file="$OUT/prometheus.yml" --web.listen-address="127.0.0.1:$PROM_PORT" \
    --storage.tsdb.path="$WORK/prometheus" --log.level=warn >"$OUT/prometheus.log" 2>&1 &
PROM_PID=$!
PIDS+=("$PROM_PID")
PROM=http://127.0.0.1:$PROM_PORT
wait_ready prometheus "$PROM_PID" "$PROM/-/ready"
# instant query → its first value ("" when the result is empty)
prom_value() {
    curl -sf --data-urlencode "query=$1" "$PROM/api/v1/query" \
        | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "")'
}
SERIES=$(( 4 * BENCH_NODES ))   # package-0, package-1 and their DRAM per node
for _ in $(seq 300); do
    [[ $(prom_value 'count(rapl_energy_joules_total{domain=~"package|dram"})') == "$SERIES" ]] && break
    sleep 0.2
done
[[ $(prom_value 'count(rapl_energy_joules_total{domain=~"package|dram"})') == "$SERIES" ]] \
    || die "Prometheus does not hold the $SERIES package/dram series of $BENCH_NODES exporter(s) after 60 s (see $OUT/prometheus.log, $OUT/exporter-*.log)"
HISTORY_START=$(date +%s)
log "Prometheus on $PROM scrapes $BENCH_NODES exporter(s) every 1 s: history from $(date -d "@$HISTORY_START" +%H:%M:%S)"

# ---------------------------------------------------------------- PostgreSQL
PG_PORT=$(free_port)
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$PG_PORT"
pg initdb -D "$PGWORK/data" -U postgres --auth=trust -E UTF8 --no-sync >"$OUT/initdb.log"
# durable as deployed (fsync on): every POST is a commit
pg pg_ctl -D "$PGWORK/data" -l "$PGWORK/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PGWORK -c listen_addresses=127.0.0.1 -c shared_buffers=128MB" start >/dev/null
PG_STARTED=1
POSTMASTER=$(head -n 1 "$PGWORK/data/postmaster.pid")
pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt \
    -c "CREATE USER escheduler PASSWORD 'escheduler'" -c "CREATE DATABASE escheduler OWNER escheduler"
db() { pg psql -h 127.0.0.1 -p "$PG_PORT" -U escheduler -d escheduler -v ON_ERROR_STOP=1 -qAt "$@"; }

# ---------------------------------------------------------------- the analyzer
# Writes need a bearer token: outside Kubernetes one of the analyzer's token file (energy-analyzer.auth.token-file).
export BENCH_TOKEN=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
printf '%s ingest-benchmark\n' "$BENCH_TOKEN" >"$WORK/analyzer-tokens"
# start_analyzer NAME POLL_INTERVAL [JVM options...]: sets ANALYZER_PID, HTTP
start_analyzer() {
    local name=$1 poll=$2
    HTTP_PORT=$(free_port)
    HTTP=http://127.0.0.1:$HTTP_PORT
    QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/escheduler" \
    QUARKUS_DATASOURCE_USERNAME=escheduler QUARKUS_DATASOURCE_PASSWORD=escheduler \
    ENERGY_ANALYZER_KUBERNETES_ENABLED=false \
    ENERGY_ANALYZER_AUTH_TOKEN_FILE="$WORK/analyzer-tokens" \
    ENERGY_ANALYZER_PROMETHEUS_URL="$PROM" \
    ENERGY_ANALYZER_PROMETHEUS_SCRAPE_INTERVAL=1s \
    ENERGY_ANALYZER_PROFILES_SETTLE=$SETTLE \
    ENERGY_ANALYZER_PROFILES_POLL_INTERVAL="$poll" \
        java $BENCH_JAVA_OPTS "${@:3}" "${SYSPROPS[@]}" -jar "$WORK/energy-analyzer/quarkus-run.jar" >"$OUT/$name.log" 2>&1 &
    ANALYZER_PID=$!
    PIDS+=("$ANALYZER_PID")
    wait_ready "$name" "$ANALYZER_PID" "$HTTP/q/health/ready"
}

# 1. POST /v1/runs under wrk. The profiler is kept idle (it polls once at start, when nothing is
#    pending), so that only recording is measured; the runs it records are dropped afterwards.
log "analyzer for the POST phase (profiler idle: poll-interval 24h)"
start_analyzer analyzer-post 24h
export BENCH_NODES
export BENCH_WINDOW_END=$(( $(date +%s) - 60 ))
run_wrk() {   # NAME SECONDS, in the background so that a signal stops the script at once
    BENCH_ID_PREFIX="wrk-$1" wrk -t1 -c"$BENCH_CONNECTIONS" -d"${2}s" --latency -s "$HERE/ingest.lua" "$HTTP" >"$OUT/$1.wrk.txt" &
    local pid=$!
    PIDS+=("$pid")
    wait "$pid" || die "wrk failed: $(cat "$OUT/$1.wrk.txt")"
    stop_pid "$pid"   # only takes it off PIDS
}
if [[ $BENCH_WARMUP_SECONDS -gt 0 ]]; then
    log "POST /v1/runs: warm-up ${BENCH_WARMUP_SECONDS}s"
    run_wrk post.warmup "$BENCH_WARMUP_SECONDS"
fi
log "POST /v1/runs: ${BENCH_SECONDS}s (wrk -t1 -c$BENCH_CONNECTIONS --latency, a new run per request)"
before_rows=$(db -c "SELECT count(*) FROM run")
java_before=$(cpu_ticks "$ANALYZER_PID") pg_before=$(cpu_ticks $(pg_pids))
run_wrk post "$BENCH_SECONDS"
POST_JAVA=$(( $(cpu_ticks "$ANALYZER_PID") - java_before )) POST_PG=$(( $(cpu_ticks $(pg_pids)) - pg_before ))
POST_ROWS=$(( $(db -c "SELECT count(*) FROM run") - before_rows ))
f=$OUT/post.wrk.txt
POST_REQUESTS=$(awk '$2 == "requests" && $3 == "in" { print $1 }' "$f")
[[ -n $POST_REQUESTS && $POST_REQUESTS -gt 0 ]] || { cat "$f" >&2; die "wrk completed no request"; }
POST_ERRORS=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$f")
[[ $POST_ERRORS == 0 ]] || echo "WARNING: POST /v1/runs: $POST_ERRORS failed requests (see $f, $OUT/analyzer-post.log)" >&2
POST_P50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")") POST_P90=$(to_ms "$(awk '$1 == "90%" { print $2 }' "$f")")
POST_P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")") POST_RPS=$(awk '$1 == "Requests/sec:" { print $2 }' "$f")
log "POST: $POST_RPS req/s, p99 $POST_P99 ms; $POST_ROWS runs recorded"
db -c "TRUNCATE run CASCADE"

# 2. The profiled runs, recorded through the same idle-profiler analyzer once Prometheus holds enough history.
wait_s=$(( HISTORY_START + BENCH_HISTORY_SECONDS - $(date +%s) ))
if [[ $wait_s -gt 0 ]]; then
    log "letting Prometheus collect ${BENCH_HISTORY_SECONDS}s of history: ${wait_s}s more"
    sleep "$wait_s" & wait $!
fi
WINDOW_FROM=$(( HISTORY_START + 2 ))
WINDOW_TO=$(( $(date +%s) - 2 ))
log "posting $BENCH_PROFILE_RUNS runs with windows in the last $(( WINDOW_TO - WINDOW_FROM )) s of history"
python3 "$HELPER" post "$HTTP" "$BENCH_PROFILE_RUNS" "$WINDOW_FROM" "$WINDOW_TO" "${SYSTEMS[@]}" >"$OUT/profile-post.json" \
    || die "posting the profiled runs failed: $(cat "$OUT/profile-post.json")"
PENDING=$(db -c "SELECT count(*) FROM run WHERE status = 'pending'")
[[ $PENDING == "$BENCH_PROFILE_RUNS" ]] || die "$PENDING runs pending, expected $BENCH_PROFILE_RUNS"
MULTI=$(db -c "SELECT count(*) FROM run WHERE cardinality(nodes) > 1")
stop_pid "$ANALYZER_PID"

# 3. The profiler at work: a fresh analyzer finds BENCH_PROFILE_RUNS pending runs; until all are done.
prom_requests() {   # the Prometheus API calls so far: "query query_range"
    curl -sf "$PROM/metrics" | awk '/^prometheus_http_requests_total\{/ && /handler="\/api\/v1\/query"/ { q += $NF }
        /^prometheus_http_requests_total\{/ && /handler="\/api\/v1\/query_range"/ { r += $NF } END { printf "%d %d\n", q, r }'
}
read -r q_before r_before < <(prom_requests)
prom_before=$(cpu_ticks "$PROM_PID") exporters_before=$(cpu_ticks "${EXPORTER_PIDS[@]}") pg_before=$(cpu_ticks $(pg_pids))
log "analyzer for the profiling phase (poll-interval $BENCH_POLL_INTERVAL, batch $BATCH)"
START=$(now)
start_analyzer analyzer-profile "$BENCH_POLL_INTERVAL"
READY=$(now)
analyzer_ready_ticks=$(cpu_ticks "$ANALYZER_PID")   # start-up (JIT of Quarkus, Flyway) is not profiling
thread_ticks "$ANALYZER_PID" >"$OUT/analyzer-threads.ready"
if [[ $BENCH_JFR != 0 ]]; then
    jcmd "$ANALYZER_PID" JFR.start name=ingest settings=profile >"$OUT/jfr.log" 2>&1 || die "JFR.start failed: $(cat "$OUT/jfr.log")"
fi
log "ready in $(elapsed "$START" "$READY") s; waiting for $BENCH_PROFILE_RUNS profiles (at most ${BENCH_PROFILE_TIMEOUT}s)"
: >"$OUT/progress.tsv"
last_log=0
while :; do
    read -r complete failed < <(db -F ' ' -c "SELECT count(*) FILTER (WHERE status = 'complete'), count(*) FILTER (WHERE status = 'failed') FROM run")
    t=$(now)
    printf '%s\t%s\t%s\n' "$(elapsed "$START" "$t")" "$complete" "$failed" >>"$OUT/progress.tsv"
    (( complete + failed >= BENCH_PROFILE_RUNS )) && break
    kill -0 "$ANALYZER_PID" 2>/dev/null || die "the analyzer exited (log: $OUT/analyzer-profile.log)"
    awk -v s="$START" -v t="$t" -v m="$BENCH_PROFILE_TIMEOUT" 'BEGIN { exit !(t - s > m) }' \
        && die "only $complete of $BENCH_PROFILE_RUNS runs complete after ${BENCH_PROFILE_TIMEOUT}s (BENCH_PROFILE_TIMEOUT; log: $OUT/analyzer-profile.log)"
    if (( ${t%.*} - last_log >= 15 )); then
        log "$complete complete, $failed failed after $(elapsed "$START" "$t") s"
        last_log=${t%.*}
    fi
    sleep 0.5
done
DONE=$(now)
ANALYZER_TICKS=$(( $(cpu_ticks "$ANALYZER_PID") - analyzer_ready_ticks ))
thread_ticks "$ANALYZER_PID" >"$OUT/analyzer-threads.done"
# the analyzer's CPU while profiling by thread kind: the profiler's worker, the REST client's event loop, JIT, GC
awk -v hz="$CLK_TCK" 'NR == FNR { before[$1] = $2; next } { by[$3] += $2 - before[$1]; all += $2 - before[$1] }
    END { for (n in by) if (by[n] > 0) printf "%6.2f s %5.1f%%  %s\n", by[n] / hz, 100 * by[n] / all, n }' \
    "$OUT/analyzer-threads.ready" "$OUT/analyzer-threads.done" | sort -rn >"$OUT/analyzer-threads.txt"
if [[ $BENCH_JFR != 0 ]]; then
    jcmd "$ANALYZER_PID" JFR.dump name=ingest filename="$OUT/profiling.jfr" >>"$OUT/jfr.log" 2>&1 || echo "WARNING: JFR.dump failed (see $OUT/jfr.log)" >&2
fi
PROM_TICKS=$(( $(cpu_ticks "$PROM_PID") - prom_before ))
EXPORTER_TICKS=$(( $(cpu_ticks "${EXPORTER_PIDS[@]}") - exporters_before ))
PG_TICKS=$(( $(cpu_ticks $(pg_pids)) - pg_before ))
read -r q_after r_after < <(prom_requests)
QUERIES=$(( q_after - q_before )) RANGE_QUERIES=$(( r_after - r_before ))
curl -sf "$HTTP/metrics" | grep '^energy_analyzer_runs' >"$OUT/analyzer-metrics.txt" || true
RETRIES=$(awk '/^energy_analyzer_runs_profile_retries_total/ { n += $NF } END { print n + 0 }' "$OUT/analyzer-metrics.txt")
stop_pid "$ANALYZER_PID"

# from the database: when the first and last profile were stored (the analyzer's clock)
read -r FIRST_AT SPAN < <(db -F ' ' -c "SELECT round((extract(epoch FROM min(completed_at)) - $(printf '%.3f' "$START"))::numeric, 2),
        round(extract(epoch FROM max(completed_at) - min(completed_at))::numeric, 2) FROM run WHERE status = 'complete'")
PROFILE_WALL=$(elapsed "$READY" "$DONE")
RATE=$(awk -v n="$complete" -v s="$(elapsed "$READY" "$DONE")" 'BEGIN { printf "%.1f", (s > 0 ? n / s : 0) }')
RATE_SPAN=$(awk -v n="$complete" -v s="$SPAN" 'BEGIN { printf "%.1f", (s > 0 ? (n - 1) / s : 0) }')
# the second half of the runs, once the JIT has compiled the profiler's code
RATE_HALF=$(awk -v n="$BENCH_PROFILE_RUNS" '$2 >= n / 2 && t == "" { t = $1; c = $2 } END { printf "%.1f", ($1 > t ? ($2 - c) / ($1 - t) : 0) }' "$OUT/progress.tsv")
# the profiler's own pace: median gap between two consecutive "run N profiled" log lines (within a batch)
GAP_MS=$(awk '/run [0-9]+ profiled:/ { split($2, t, /[:,]/); ms = ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4]
        if (prev != "") print ms - prev; prev = ms }' "$OUT/analyzer-profile.log" | sort -n \
    | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "nan" }')
SERIAL_RATE=$(awk -v g="$GAP_MS" 'BEGIN { printf "%.0f", (g > 0 ? 1000 / g : 0) }')

db -F $'\t' -c "SELECT id, nodes, extract(epoch FROM started_at), extract(epoch FROM ended_at), energy_joules, peak_watts,
        min_watts, samples FROM run WHERE status = 'complete' ORDER BY id" >"$OUT/profiles.tsv"
CHECK=$(python3 "$HELPER" check "$SCHEDULE" <"$OUT/profiles.tsv") && CHECK_OK=1 || CHECK_OK=0
db -c "SELECT count(*), round(avg(energy_joules)::numeric, 1), round(avg(peak_watts)::numeric, 1), round(avg(min_watts)::numeric, 1),
        round(avg(samples)::numeric, 1) FROM run WHERE status = 'complete'" >"$OUT/profiles-avg.txt"
if [[ $BENCH_JFR != 0 && -f $OUT/profiling.jfr ]]; then
    jfr print --stack-depth 64 --events jdk.ExecutionSample "$OUT/profiling.jfr" | python3 "$HELPER" jfr "$OUT/jfr-summary.txt" || true
fi

# ---------------------------------------------------------------- report
{
    echo "energy-analyzer ingestion benchmark ($RUN_ID)"
    echo "host: $(hostname), $(nproc) CPUs, load at start $LOAD_AT_START; $(java -version 2>&1 | head -n 1); PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }'); $("$PROMETHEUS" --version 2>&1 | head -n 1 | awk '{ print $1, $3 }')"
    echo "setup: $BENCH_NODES msr-exporter(s) (powercap, fixture $MACHINE, counters driven at known watts), Prometheus scraping every 1 s, analyzer JVM $BENCH_JAVA_OPTS"
    echo
    echo "1. POST /v1/runs (wrk -t1 -c$BENCH_CONNECTIONS, ${BENCH_WARMUP_SECONDS}s warm-up, ${BENCH_SECONDS}s measured; a new run per request; profiler idle)"
    printf '   %-10s %8s %8s %8s %10s %14s %14s %7s\n' "" "p50 ms" "p90 ms" "p99 ms" "runs/s" "JVM CPU s/1000" "PG CPU s/1000" "errors"
    printf '   %-10s %8s %8s %8s %10s %14s %14s %7s\n' "POST" "$POST_P50" "$POST_P90" "$POST_P99" "$POST_RPS" \
        "$(per_1000 "$POST_JAVA" "$POST_REQUESTS")" "$(per_1000 "$POST_PG" "$POST_REQUESTS")" "$POST_ERRORS"
    echo "   $POST_REQUESTS requests, $POST_ROWS runs recorded"
    echo
    echo "2. profiling $BENCH_PROFILE_RUNS pending runs ($MULTI on 2 nodes; 5-60 s each, inside ${BENCH_HISTORY_SECONDS}+ s of 1 s scrapes)"
    echo "   profiler: poll-interval $BENCH_POLL_INTERVAL; batches of $BATCH runs, taken one after another while full ones come; one run at a time"
    echo "             (ProfilingJob); settle $SETTLE, scrape-interval 1s, step 15s (default)"
    printf '   %-44s %s\n' "complete / failed / retried attempts" "$complete / $failed / $RETRIES"
    printf '   %-44s %s s (first profile %s s after the analyzer was started, ready after %s s)\n' "wall time from ready to all done" \
        "$PROFILE_WALL" "$FIRST_AT" "$(elapsed "$START" "$READY")"
    printf '   %-44s %s runs/s   (first to last profile: %s runs/s; second half of the runs: %s runs/s)\n' "profiled" "$RATE" "$RATE_SPAN" "$RATE_HALF"
    printf '   %-44s %s ms (the profiler alone would do %s runs/s)\n' "median time per run within a batch" "$GAP_MS" "$SERIAL_RATE"
    printf '   %-44s %s (%s instant + %s range)\n' "Prometheus queries per run" \
        "$(awk -v q="$QUERIES" -v r="$RANGE_QUERIES" -v n="$BENCH_PROFILE_RUNS" 'BEGIN { printf "%.2f", (q + r) / n }')" \
        "$(awk -v q="$QUERIES" -v n="$BENCH_PROFILE_RUNS" 'BEGIN { printf "%.2f", q / n }')" \
        "$(awk -v r="$RANGE_QUERIES" -v n="$BENCH_PROFILE_RUNS" 'BEGIN { printf "%.2f", r / n }')"
    printf '   %-44s %8s %8s %8s %8s\n' "CPU s per 1000 runs" "analyzer" "Prom" "PG" "exporters"
    printf '   %-44s %8s %8s %8s %8s\n' "" "$(per_1000 "$ANALYZER_TICKS" "$complete")" "$(per_1000 "$PROM_TICKS" "$complete")" \
        "$(per_1000 "$PG_TICKS" "$complete")" "$(per_1000 "$EXPORTER_TICKS" "$complete")"
    printf '   %-44s %8s %8s %8s %8s\n' "CPU s in all (analyzer: from ready)" "$(seconds_of "$ANALYZER_TICKS")" "$(seconds_of "$PROM_TICKS")" \
        "$(seconds_of "$PG_TICKS")" "$(seconds_of "$EXPORTER_TICKS")"
    echo "   analyzer CPU while profiling by thread (from /proc; $OUT/analyzer-threads.txt):"
    head -n 6 "$OUT/analyzer-threads.txt" | sed 's/^/     /'
    echo "   $CHECK"
    [[ $BENCH_JFR == 0 ]] || echo "   JFR: $OUT/profiling.jfr, $OUT/jfr-summary.txt"
    echo
    echo "raw outputs: $OUT"
} | tee "$OUT/summary.txt"

[[ $CHECK_OK == 1 && $failed == 0 ]]
