#!/usr/bin/env bash
# scheduler-extender benchmark: POST /filter and /prioritize latency and throughput of the packaged
# extender on loopback, at 100, 1000 and 5000 candidate nodes, nodeCacheCapable true (NodeNames) and
# false (full NodeList). See README.md beside this file.
#
#   benchmarks/scheduler-extender/run.sh [--build]
#
# Environment: BENCH_SECONDS (each measured run, default 10), BENCH_WARMUP_SECONDS (default 5),
# BENCH_CONNECTIONS (the throughput runs' connections, default 4; latency is also measured with one,
# as kube-scheduler calls an extender one request at a time), BENCH_MODES (default "names nodes":
# nodeCacheCapable true and false), BENCH_NODES (default "100 1000 5000"), BENCH_GOAL_P99_MS (default 2),
# BENCH_GOAL_RPS (default 2000), BENCH_JAVA_OPTS (JVM options for the extender).
set -euo pipefail
export LC_ALL=C

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
parse_args "$@"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-5}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-4}
BENCH_NODES=${BENCH_NODES:-100 1000 5000}
BENCH_GOAL_P99_MS=${BENCH_GOAL_P99_MS:-2}
BENCH_GOAL_RPS=${BENCH_GOAL_RPS:-2000}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx512m -XX:+ExitOnOutOfMemoryError}
EXTENDER_JAR=$REPO/scheduler-extender/target/quarkus-app/quarkus-run.jar


need wrk "apt-get install wrk"
need curl "apt-get install curl"
need python3 "apt-get install python3"
need java "install a JDK 17 or newer"
for n in BENCH_SECONDS BENCH_CONNECTIONS; do
    [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "$n must be a positive integer"
done
for n in $BENCH_NODES; do [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "BENCH_NODES must hold positive integers"; done

if [[ $BUILD == 1 || ! -f $EXTENDER_JAR || ! -d $REPO/scheduler-extender/target/test-classes/io/escheduler/extender/bench ]]; then
    log "building (./mvnw -q -pl scheduler-extender -am install -DskipTests, then its test classes)"
    (cd "$REPO" && ./mvnw -q -pl scheduler-extender -am install -DskipTests \
        && ./mvnw -q -pl scheduler-extender test-compile)
fi
[[ -f $EXTENDER_JAR ]] || die "build did not produce $EXTENDER_JAR"

# ---------------------------------------------------------------- output, processes
RUN_ID=$(date +%Y%m%d-%H%M%S)
OUT=$REPO/bench-out/scheduler-extender/$RUN_ID
mkdir -p "$OUT"
ln -sfn "$RUN_ID" "$REPO/bench-out/scheduler-extender/latest"
WORK=$(mktemp -d /tmp/escheduler-bench-extender.XXXXXX)   # request bodies (about 40 MB), removed on exit

MOCK_PID=
EXTENDER_PID=
cleanup() {
    for pid in $EXTENDER_PID $MOCK_PID; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

note_load

# ---------------------------------------------------------------- request bodies and the API server
log "generating request bodies for $BENCH_NODES nodes"
# shellcheck disable=SC2086
python3 "$HERE/generate.py" "$WORK" $BENCH_NODES
MAX_NODES=$(printf '%s\n' $BENCH_NODES | sort -n | tail -n 1)

CLASSPATH_FILE=$WORK/classpath
(cd "$REPO" && ./mvnw -q -pl scheduler-extender dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CLASSPATH_FILE" >/dev/null) || die "cannot compute the test classpath"
log "fabric8 mock API server (CRUD mode) with $MAX_NODES Nodes"
java -cp "$REPO/scheduler-extender/target/test-classes:$(cat "$CLASSPATH_FILE")" \
    io.escheduler.extender.bench.MockApiServer "$WORK/cluster.json" >"$OUT/mock.log" 2>&1 &
MOCK_PID=$!
API_URL=
for _ in $(seq 600); do
    kill -0 "$MOCK_PID" 2>/dev/null || { tail -n 20 "$OUT/mock.log" >&2; die "the mock API server exited"; }
    API_URL=$(grep -m1 '^http' "$OUT/mock.log" || true)
    [[ -n $API_URL ]] && break
    sleep 0.1
done
[[ -n $API_URL ]] || die "the mock API server did not start (log: $OUT/mock.log)"

# ---------------------------------------------------------------- the extender
HTTP_PORT=$(free_port)
log "scheduler-extender on 127.0.0.1:$HTTP_PORT, API server $API_URL"
QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_HTTP_HOST=127.0.0.1 \
QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL=$API_URL QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS=true \
SCHEDULER_EXTENDER_ANALYZER_URL=http://127.0.0.1:9 \
SCHEDULER_EXTENDER_ACTUATOR_DISCOVERY=url-template \
    java $BENCH_JAVA_OPTS -jar "$EXTENDER_JAR" >"$OUT/extender.log" 2>&1 &
EXTENDER_PID=$!
for _ in $(seq 600); do
    kill -0 "$EXTENDER_PID" 2>/dev/null || { tail -n 30 "$OUT/extender.log" >&2; die "the extender exited (log: $OUT/extender.log)"; }
    curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/q/health/ready" && break
    sleep 0.1
done
curl -sf -o /dev/null "http://127.0.0.1:$HTTP_PORT/q/health/ready" || die "the extender is not ready after 60 s (log: $OUT/extender.log)"
CACHED=$(curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" | awk '$1 == "extender_nodes_cached" { printf "%d", $2 }')
[[ $CACHED == "$MAX_NODES" ]] || die "the extender's Node cache holds $CACHED nodes, expected $MAX_NODES"
log "ready, $CACHED Nodes in its informer cache"

# one answer of each kind, kept for the record and checked
for n in $BENCH_NODES; do
    curl -sf -XPOST -H 'Content-Type: application/json' --data-binary "@$WORK/names-$n.json" \
        "http://127.0.0.1:$HTTP_PORT/filter" >"$OUT/filter-names-$n.json" || die "POST /filter failed"
    kept=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["NodeNames"]))' "$OUT/filter-names-$n.json")
    [[ $kept == $(( n - n / 10 )) ]] || die "filter of $n nodes kept $kept, expected $(( n - n / 10 )) (one in ten is throttled)"
done

# ---------------------------------------------------------------- load
run_wrk() { # NAME SECONDS VERB BODY CONNECTIONS
    BENCH_PATH=/$3 BENCH_BODY=$4 wrk -t1 -c"$5" -d"${2}s" --latency -s "$HERE/post.lua" \
        "http://127.0.0.1:$HTTP_PORT" >"$OUT/$1.wrk.txt" &
    local pid=$!
    wait "$pid" || die "wrk failed: $(cat "$OUT/$1.wrk.txt")"
}
CLK_TCK=$(getconf CLK_TCK)
wrk_errors() { awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$1"; }
wrk_pct() { to_ms "$(awk -v p="$2" '$1 == p { print $2 }' "$1")"; }

ROWS=()
GOAL=met
for mode in ${BENCH_MODES:-names nodes}; do
    for n in $BENCH_NODES; do
        body=$WORK/$mode-$n.json
        bytes=$(wc -c <"$body")
        for verb in filter prioritize; do
            name=$verb-$mode-$n
            if [[ $BENCH_WARMUP_SECONDS -gt 0 ]]; then
                run_wrk "$name.warmup" "$BENCH_WARMUP_SECONDS" "$verb" "$body" "$BENCH_CONNECTIONS"
            fi
            cap=$([[ $mode == names ]] && echo true || echo false)
            # one client: as kube-scheduler calls an extender, one pod (one request) at a time
            log "$verb, nodeCacheCapable=$cap, $n nodes: ${BENCH_SECONDS}s with 1 connection, then ${BENCH_SECONDS}s with $BENCH_CONNECTIONS"
            run_wrk "$name.c1" "$BENCH_SECONDS" "$verb" "$body" 1
            # BENCH_CONNECTIONS clients: throughput with the host flat out (wrk shares its CPUs)
            before=$(cpu_ticks "$EXTENDER_PID")
            run_wrk "$name" "$BENCH_SECONDS" "$verb" "$body" "$BENCH_CONNECTIONS"
            ticks=$(( $(cpu_ticks "$EXTENDER_PID") - before ))
            f1=$OUT/$name.c1.wrk.txt
            f=$OUT/$name.wrk.txt
            errors=$(( $(wrk_errors "$f1") + $(wrk_errors "$f") ))
            p99_1=$(wrk_pct "$f1" 99%)
            rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$f")
            requests=$(awk '$2 == "requests" && $3 == "in" { print $1 }' "$f")
            cpu_ms=$(awk -v t="$ticks" -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.3f", (n ? t / hz / n * 1000 : 0) }')
            ROWS+=("$(printf '%-11s %-6s %6s %10s %9s %9s %9s %9s %9s %8s %7s' "$verb" "$cap" "$n" "$bytes" \
                "$(wrk_pct "$f1" 50%)" "$p99_1" "$(wrk_pct "$f" 50%)" "$(wrk_pct "$f" 99%)" "$rps" "$cpu_ms" "$errors")")
            if [[ $mode == names && $n == 5000 ]]; then
                awk -v p="$p99_1" -v r="$rps" -v gp="$BENCH_GOAL_P99_MS" -v gr="$BENCH_GOAL_RPS" 'BEGIN { exit !(p <= gp && r >= gr) }' || GOAL="NOT met"
            fi
        done
    done
done

# ---------------------------------------------------------------- report
{
    echo "scheduler-extender benchmark ($RUN_ID)"
    echo "host: $(nproc) CPUs, load at start $LOAD_AT_START; $(java -version 2>&1 | head -n 1)"
    echo "per row: ${BENCH_WARMUP_SECONDS}s warm-up, then wrk -t1 ${BENCH_SECONDS}s with 1 connection and ${BENCH_SECONDS}s with $BENCH_CONNECTIONS; one node in ten throttled"
    echo
    printf '%-11s %-6s %6s %10s %9s %9s %9s %9s %9s %8s %7s\n' "" "cache" "" "" "c=1" "c=1" "c=$BENCH_CONNECTIONS" "c=$BENCH_CONNECTIONS" "c=$BENCH_CONNECTIONS" "CPU ms" ""
    printf '%-11s %-6s %6s %10s %9s %9s %9s %9s %9s %8s %7s\n' "verb" "capable" "nodes" "body B" "p50 ms" "p99 ms" "p50 ms" "p99 ms" "req/s" "per req" "errors"
    printf '%s\n' "${ROWS[@]}"
    echo
    if [[ " $BENCH_NODES " == *" 5000 "* ]]; then
        echo "(CPU ms per req: the extender's CPU time per request in the c=$BENCH_CONNECTIONS run, from /proc)"
        echo "goal at 5000 nodes, nodeCacheCapable=true (filter and prioritize): p99 <= $BENCH_GOAL_P99_MS ms one request at a time (c=1)"
        echo "and >= $BENCH_GOAL_RPS req/s with $BENCH_CONNECTIONS connections: $GOAL"
    fi
} | tee "$OUT/summary.txt"
