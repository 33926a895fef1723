#!/usr/bin/env bash
# Placement benchmark: GET /v1/placement latency of the packaged energy-analyzer over a real
# PostgreSQL holding 10^6 complete runs of 1000 programs on 1000 systems. See README.md beside this file.
#
#   benchmarks/energy-analyzer/run.sh [--build]
#
# Environment: BENCH_SECONDS (measured run, default 20), BENCH_WARMUP_SECONDS (default 10),
# BENCH_CONNECTIONS (the loaded rows' concurrent clients, default 4; every query is also measured
# with one client, as kube-scheduler asks: one pod at a time), BENCH_RUNS (default 1000000), BENCH_SYSTEMS (default 1000),
# BENCH_PROGRAMS (default 1000), BENCH_GOAL_P99_MS (default 5), BENCH_JAVA_OPTS (JVM options for
# the analyzer; its own settings pass through, e.g. ENERGY_ANALYZER_PLACEMENT_CACHE_SIZE=0), PG_BIN (directory of initdb/pg_ctl/psql; default the newest /usr/lib/postgresql/*/bin).
set -euo pipefail
export LC_ALL=C

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
parse_args "$@"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BENCH_SECONDS=${BENCH_SECONDS:-20}
BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-4}
BENCH_RUNS=${BENCH_RUNS:-1000000}
BENCH_SYSTEMS=${BENCH_SYSTEMS:-1000}
BENCH_PROGRAMS=${BENCH_PROGRAMS:-1000}
BENCH_GOAL_P99_MS=${BENCH_GOAL_P99_MS:-5}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx256m -XX:+ExitOnOutOfMemoryError}
ANALYZER_JAR=$REPO/energy-analyzer/target/quarkus-app/quarkus-run.jar


need wrk "apt-get install wrk"
need curl "apt-get install curl"
need java "install a JDK 17 or newer"
for n in BENCH_SECONDS BENCH_CONNECTIONS BENCH_RUNS BENCH_SYSTEMS BENCH_PROGRAMS; do
    [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "$n must be a positive integer"
done
[[ $BENCH_WARMUP_SECONDS =~ ^[0-9]+$ ]] || die "BENCH_WARMUP_SECONDS must be a non-negative integer"
[[ $BENCH_PROGRAMS -le 9999 && $BENCH_SYSTEMS -le 9999 ]] || die "at most 9999 programs and systems (names are zero-padded to 4 digits)"
if [[ -z ${PG_BIN:-} ]]; then
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n | tail -n 1 || true)
fi
[[ -n $PG_BIN && -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl && -x $PG_BIN/psql ]] \
    || die "no PostgreSQL server binaries: apt-get install postgresql, or set PG_BIN to the directory holding initdb, pg_ctl and psql"

if [[ $BUILD == 1 || ! -f $ANALYZER_JAR ]]; then
    log "building (./mvnw -q -DskipTests install)"
    (cd "$REPO" && ./mvnw -q -DskipTests install)
fi
[[ -f $ANALYZER_JAR ]] || die "build did not produce $ANALYZER_JAR"

# ---------------------------------------------------------------- output, processes
RUN_ID=$(date +%Y%m%d-%H%M%S)
OUT=$REPO/bench-out/energy-analyzer/$RUN_ID
mkdir -p "$OUT"
ln -sfn "$RUN_ID" "$REPO/bench-out/energy-analyzer/latest"
PGWORK=$(mktemp -d /tmp/escheduler-bench-pg.XXXXXX)   # the database: about 500 MB, removed on exit
AS_PG=()
if [[ $(id -u) == 0 ]]; then
    AS_PG=(runuser -u postgres --)   # PostgreSQL refuses to run as root
    chown postgres: "$PGWORK"
fi
pg() { "${AS_PG[@]}" "$PG_BIN/$1" "${@:2}"; }

ANALYZER_PID=
PG_STARTED=0
cleanup() {
    if [[ -n $ANALYZER_PID ]]; then
        kill "$ANALYZER_PID" 2>/dev/null || true
        wait "$ANALYZER_PID" 2>/dev/null || true
    fi
    if [[ $PG_STARTED == 1 ]]; then
        pg pg_ctl -D "$PGWORK/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$PGWORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

CLK_TCK=$(getconf CLK_TCK)
# placement answers the analyzer served from memory (hit) or computed (miss) so far
cache_answers() {
    curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" | awk -v c="$1" 'BEGIN { v = 0 } $1 ~ "^energy_analyzer_placement_answers_total[{]cache=\"" c "\"" { v = $2 } END { printf "%d", v }'
}
# CPU ticks of the PostgreSQL server: the postmaster and every process it started (backends, autovacuum)
pg_ticks() {
    local pid total=0
    for pid in $POSTMASTER $(pgrep -P "$POSTMASTER" || true); do total=$(( total + $(cpu_ticks "$pid") )); done
    echo "$total"
}

note_load

# ---------------------------------------------------------------- PostgreSQL
PG_PORT=$(free_port)
log "PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }') on 127.0.0.1:$PG_PORT ($PGWORK)"
pg initdb -D "$PGWORK/data" -U postgres --auth=trust -E UTF8 --no-sync >"$OUT/initdb.log"
# fsync off: it only speeds up the bulk load; placement reads from memory either way
pg pg_ctl -D "$PGWORK/data" -l "$PGWORK/postgres.log" -w -t 60 \
    -o "-p $PG_PORT -k $PGWORK -c listen_addresses=127.0.0.1 -c fsync=off -c shared_buffers=256MB" start >/dev/null
PG_STARTED=1
POSTMASTER=$(head -n 1 "$PGWORK/data/postmaster.pid")
psql_pg() { pg psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_pg -c "CREATE USER escheduler PASSWORD 'escheduler'" -c "CREATE DATABASE escheduler OWNER escheduler"

# ---------------------------------------------------------------- the analyzer (its Flyway migrations create the schema)
HTTP_PORT=$(free_port)
log "energy-analyzer on 127.0.0.1:$HTTP_PORT"
START=$(date +%s.%N)
QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_HTTP_HOST=127.0.0.1 \
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/escheduler" \
QUARKUS_DATASOURCE_USERNAME=escheduler QUARKUS_DATASOURCE_PASSWORD=escheduler \
ENERGY_ANALYZER_KUBERNETES_ENABLED=false \
ENERGY_ANALYZER_PROMETHEUS_URL=http://127.0.0.1:9 \
    java $BENCH_JAVA_OPTS -jar "$ANALYZER_JAR" >"$OUT/analyzer.log" 2>&1 &
ANALYZER_PID=$!
for _ in $(seq 600); do
    kill -0 "$ANALYZER_PID" 2>/dev/null || { tail -n 30 "$OUT/analyzer.log" >&2; die "the analyzer exited during start-up (log: $OUT/analyzer.log)"; }
    curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/q/health/ready" && break
    sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/q/health/ready" || die "the analyzer is not ready after 60 s (log: $OUT/analyzer.log)"
log "ready in $(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"

# ---------------------------------------------------------------- data
log "loading $BENCH_RUNS complete runs over $BENCH_SYSTEMS systems x $BENCH_PROGRAMS programs (plus 1% failed)"
START=$(date +%s)
pg psql -h 127.0.0.1 -p "$PG_PORT" -U escheduler -d escheduler -q -v runs="$BENCH_RUNS" -v systems="$BENCH_SYSTEMS" \
    -v programs="$BENCH_PROGRAMS" -f - <"$HERE/load.sql" >"$OUT/load.log"
LOAD_SECONDS=$(( $(date +%s) - START ))
db() { pg psql -h 127.0.0.1 -p "$PG_PORT" -U escheduler -d escheduler -v ON_ERROR_STOP=1 -qAt "$@"; }
COMPLETE=$(db -c "SELECT count(*) FROM run WHERE status = 'complete'")
TOTAL=$(db -c "SELECT count(*) FROM run")
DB_SIZE=$(db -c "SELECT pg_size_pretty(pg_database_size('escheduler'))")
log "loaded in ${LOAD_SECONDS} s: $COMPLETE complete of $TOTAL runs, database $DB_SIZE"

# the plans and server-side times of placement's two queries (Placer.VERSION, then Placer.STATS when no
# answer is held for the program's current version) for one program
db -c "EXPLAIN (ANALYZE, BUFFERS) SELECT p.id, p.stats_version, s.max_id
         FROM (SELECT coalesce(max(id), 0) AS max_id FROM computing_system) s LEFT JOIN program p ON p.name = 'program-0042'" >"$OUT/explain-version.txt"
db -c "EXPLAIN (ANALYZE, BUFFERS) SELECT system_id, runs, peak_watts_max, energy_joules_sum
         FROM program_system_stats WHERE program_id = (SELECT id FROM program WHERE name = 'program-0042')" >"$OUT/explain-stats.txt"
VERSION_SQL_MS=$(awk '/Execution Time/ { print $3 }' "$OUT/explain-version.txt")
SQL_MS=$(awk '/Execution Time/ { print $3 }' "$OUT/explain-stats.txt")
STATS_ROWS=$(db -c "SELECT count(*) FROM program_system_stats")

SAMPLE=$OUT/placement-program-0042.json
curl -sf -o "$SAMPLE" "http://127.0.0.1:$HTTP_PORT/v1/placement?program=program-0042" || die "GET /v1/placement failed"
ENTRIES=$(grep -o '"rank"' "$SAMPLE" | wc -l)
BYTES=$(wc -c <"$SAMPLE")
RAN=$(grep -o '"reason":"highest peak' "$SAMPLE" | wc -l)
log "one answer: $ENTRIES systems ranked ($RAN where program-0042 ran), $BYTES bytes"

# ---------------------------------------------------------------- load
export BENCH_PROGRAMS
# run_wrk NAME SECONDS QUERY CONNECTIONS: wrk in the background, so that a signal stops the script at once
run_wrk() {
    BENCH_QUERY=$3 wrk -t1 -c"$4" -d"${2}s" --latency -s "$HERE/placement.lua" "http://127.0.0.1:$HTTP_PORT" >"$OUT/$1.wrk.txt" &
    local pid=$!
    wait "$pid" || die "wrk failed: $(cat "$OUT/$1.wrk.txt")"
}

CANDIDATES=$(for i in $(seq 1 10); do printf '&candidate=system-%04d' $(( (i * 97) % BENCH_SYSTEMS + 1 )); done)
declare -a NAMES=() QUERIES=() FILES=() CONNS=()
for c in 1 "$BENCH_CONNECTIONS"; do
    NAMES+=("all systems (default), c=$c" "10 candidates, c=$c" "top 10 (limit=10), c=$c")
    QUERIES+=("" "$CANDIDATES" "&limit=10")
    FILES+=("all-c$c" "candidates-c$c" "limit-c$c")
    CONNS+=("$c" "$c" "$c")
done
ROWS=()
for i in "${!NAMES[@]}"; do
    if [[ $BENCH_WARMUP_SECONDS -gt 0 ]]; then
        log "${NAMES[$i]}: warm-up ${BENCH_WARMUP_SECONDS}s"
        run_wrk "${FILES[$i]}.warmup" "$BENCH_WARMUP_SECONDS" "${QUERIES[$i]}" "${CONNS[$i]}"
    fi
    log "${NAMES[$i]}: ${BENCH_SECONDS}s (wrk -t1 -c${CONNS[$i]} --latency, random program of $BENCH_PROGRAMS)"
    hits_before=$(cache_answers hit); misses_before=$(cache_answers miss)
    java_before=$(cpu_ticks "$ANALYZER_PID")
    pg_before=$(pg_ticks)
    run_wrk "${FILES[$i]}" "$BENCH_SECONDS" "${QUERIES[$i]}" "${CONNS[$i]}"
    java_ticks=$(( $(cpu_ticks "$ANALYZER_PID") - java_before ))
    db_ticks=$(( $(pg_ticks) - pg_before ))
    f=$OUT/${FILES[$i]}.wrk.txt
    requests=$(awk '$2 == "requests" && $3 == "in" { print $1 }' "$f")
    [[ -n $requests && $requests -gt 0 ]] || { cat "$f" >&2; die "wrk completed no request"; }
    per_request() { awk -v t="$1" -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.3f", t / hz / n * 1000 }'; }
    hits=$(( $(cache_answers hit) - hits_before )); misses=$(( $(cache_answers miss) - misses_before ))
    hit_pct=$(awk -v h="$hits" -v m="$misses" 'BEGIN { printf "%.0f%%", (h + m) ? 100 * h / (h + m) : 0 }')
    errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$f")
    [[ $errors == 0 ]] || echo "WARNING: ${NAMES[$i]}: $errors failed requests (see $f)" >&2
    ROWS+=("$(printf '%-32s %8s %8s %8s %10s %12s %12s %7s %7s' "${NAMES[$i]}" \
        "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")" "$(to_ms "$(awk '$1 == "90%" { print $2 }' "$f")")" \
        "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")" "$(awk '$1 == "Requests/sec:" { print $2 }' "$f")" \
        "$(per_request "$java_ticks")" "$(per_request "$db_ticks")" "$hit_pct" "$errors")")
done

# ---------------------------------------------------------------- the report endpoints, one client
# curl_ms URL: p50 and max of 50 sequential requests (after 5 unmeasured), in ms
curl_ms() {
    local i
    for i in $(seq 5); do curl -sf -o /dev/null "$1" || die "GET $1 failed"; done
    for i in $(seq 50); do curl -sf -o /dev/null -w '%{time_total}\n' "$1"; done \
        | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%8.3f %8.3f", t[int(NR / 2)], t[NR] }'
}
REPORT_ROWS=()
for path in "/v1/programs" "/v1/programs/program-0042/energy" "/v1/reports?program=program-0042&program=program-0043"; do
    log "GET $path: 50 requests, one client"
    REPORT_ROWS+=("$(printf '%-56s %s' "GET $path" "$(curl_ms "http://127.0.0.1:$HTTP_PORT$path")")")
done

# ---------------------------------------------------------------- report
{
    echo "energy-analyzer placement benchmark ($RUN_ID)"
    echo "host: $(nproc) CPUs, load at start $LOAD_AT_START; $(java -version 2>&1 | head -n 1); PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }')"
    echo "data: $COMPLETE complete runs ($TOTAL in all), $BENCH_SYSTEMS systems, $BENCH_PROGRAMS programs; database $DB_SIZE; loaded in ${LOAD_SECONDS} s"
    echo "placement SQL for one program, server side: version ${VERSION_SQL_MS} ms, figures ${SQL_MS} ms (EXPLAIN ANALYZE, $OUT/explain-*.txt); $STATS_ROWS program/system aggregates"
    echo "default answer: $ENTRIES systems ranked, $BYTES bytes"
    echo
    printf '%-32s %8s %8s %8s %10s %12s %12s %7s %7s\n' "GET /v1/placement" "p50 ms" "p90 ms" "p99 ms" "req/s" "JVM CPU ms" "PG CPU ms" "cached" "errors"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "(JVM / PG CPU ms: CPU time of the analyzer / of PostgreSQL per request, less sensitive to other load than latency;"
    echo " cached: answers served from the analyzer's memory, energy-analyzer.placement.cache-size=${ENERGY_ANALYZER_PLACEMENT_CACHE_SIZE:-32M})"
    echo
    printf '%-56s %8s %8s\n' "reports (curl, sequential)" "p50 ms" "max ms"
    printf '%s\n' "${REPORT_ROWS[@]}"
    echo
    for c in 1 "$BENCH_CONNECTIONS"; do
        P99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$OUT/all-c$c.wrk.txt")")
        awk -v p="$P99" -v g="$BENCH_GOAL_P99_MS" -v c="$c" 'BEGIN {
            printf "p99 of the default query with %d client(s): %s ms (goal <= %s ms: %s)\n", c, p, g, (p <= g ? "met" : "NOT met") }'
    done
} | tee "$OUT/summary.txt"
