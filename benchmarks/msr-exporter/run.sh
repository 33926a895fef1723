#!/usr/bin/env bash
# Scrape benchmark: msr-exporter (powercap and MSR sources) against Prometheus node_exporter's
# rapl collector, all reading the same generated fixture machine; then the footprint of both node
# agents (msr-exporter and node-actuator) against node_exporter: start-up, and resident memory idle
# and after 10 000 scrapes (1000 actuator requests). See README.md beside this file.
#
#   benchmarks/msr-exporter/run.sh [--build]
#
# Environment: BENCH_SECONDS (measured run per exporter and round, default 20), BENCH_ROUNDS
# (default 1; medians are reported), BENCH_WARMUP_SECONDS (default 10), BENCH_CONNECTIONS
# (default 2), BENCH_MACHINE (fixture, default xeon-2s-spr),
# BENCH_JAVA_OPTS (JVM options for msr-exporter; default those its systemd unit ships),
# BENCH_ACTUATOR_JAVA_OPTS (the same for node-actuator), BENCH_PACE_MS (paced table: wait between
# an answer and the next request, default 5), BENCH_STARTS (start-ups timed per agent,
# default 5), BENCH_SCRAPES (default 10000), BENCH_ACTUATOR_REQUESTS (default 1000), BENCH_NODE_CPUFREQ
# (auto|patch|off: node_exporter rapl+cpufreq row), NODE_EXPORTER (binary, default
# prometheus-node-exporter).
set -euo pipefail
export LC_ALL=C

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
parse_args "$@"

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_SECONDS=${BENCH_SECONDS:-20}
BENCH_WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-2}
BENCH_ROUNDS=${BENCH_ROUNDS:-1}
MACHINE=${BENCH_MACHINE:-xeon-2s-spr}
BENCH_NODE_CPUFREQ=${BENCH_NODE_CPUFREQ:-auto}
BENCH_PACE_MS=${BENCH_PACE_MS:-5}
BENCH_STARTS=${BENCH_STARTS:-5}
BENCH_SCRAPES=${BENCH_SCRAPES:-10000}
BENCH_ACTUATOR_REQUESTS=${BENCH_ACTUATOR_REQUESTS:-1000}
# As deployed: the JVM options and MALLOC_ARENA_MAX of the systemd units (the images and the
# DaemonSets carry the same; kubernetes' ImagesTest holds them together).
unit_setting() { sed -n "s/^Environment=\"\\{0,1\\}$2=\\([^\"]*\\)\"\\{0,1\\}\$/\\1/p" "$REPO/$1/deploy/systemd/$1.service"; }
SHIPPED_JAVA_OPTS=$(unit_setting msr-exporter JAVA_OPTS)
SHIPPED_ACTUATOR_JAVA_OPTS=$(unit_setting node-actuator JAVA_OPTS)
MALLOC_ARENAS=$(unit_setting msr-exporter MALLOC_ARENA_MAX)
ACTUATOR_MALLOC_ARENAS=$(unit_setting node-actuator MALLOC_ARENA_MAX)
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS-$SHIPPED_JAVA_OPTS}
BENCH_ACTUATOR_JAVA_OPTS=${BENCH_ACTUATOR_JAVA_OPTS-$SHIPPED_ACTUATOR_JAVA_OPTS}
NODE_EXPORTER=${NODE_EXPORTER:-prometheus-node-exporter}
EXPORTER_JAR=$REPO/msr-exporter/target/quarkus-app/quarkus-run.jar
ACTUATOR_JAR=$REPO/node-actuator/target/quarkus-app/quarkus-run.jar
FIXTURES_JAR=$REPO/test-fixtures/target/test-fixtures-0.1.0-SNAPSHOT.jar
PRELOAD_SRC=$REPO/test-fixtures/src/main/c/msr-fixture-preload.c


need wrk "apt-get install wrk"
need curl "apt-get install curl"
need java "install a JDK 17 or newer"
need gcc "apt-get install gcc (needed to build the MSR fixture preload library)"
need getconf "apt-get install libc-bin"
need "$NODE_EXPORTER" "apt-get install prometheus-node-exporter (or set NODE_EXPORTER=/path/to/node_exporter)"
[[ $BENCH_SECONDS =~ ^[0-9]+$ && $BENCH_SECONDS -gt 0 ]] || die "BENCH_SECONDS must be a positive integer"
[[ $BENCH_WARMUP_SECONDS =~ ^[0-9]+$ ]] || die "BENCH_WARMUP_SECONDS must be a non-negative integer"
[[ $BENCH_ROUNDS =~ ^[0-9]+$ && $BENCH_ROUNDS -gt 0 ]] || die "BENCH_ROUNDS must be a positive integer"
[[ $BENCH_NODE_CPUFREQ =~ ^(auto|patch|off)$ ]] || die "BENCH_NODE_CPUFREQ must be auto, patch or off"
for n in BENCH_PACE_MS BENCH_STARTS BENCH_SCRAPES BENCH_ACTUATOR_REQUESTS; do
    [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "$n must be a positive integer"
done
[[ -n $SHIPPED_JAVA_OPTS && -n $SHIPPED_ACTUATOR_JAVA_OPTS && -n $MALLOC_ARENAS && -n $ACTUATOR_MALLOC_ARENAS ]] \
    || die "cannot read Environment=\"JAVA_OPTS=...\" and Environment=MALLOC_ARENA_MAX= from the systemd units under */deploy/systemd"
CLK_TCK=$(getconf CLK_TCK)

if [[ $BUILD == 1 || ! -f $EXPORTER_JAR || ! -f $ACTUATOR_JAR || ! -f $FIXTURES_JAR ]]; then
    log "building (./mvnw -q -DskipTests install)"
    (cd "$REPO" && ./mvnw -q -DskipTests install)
fi
[[ -f $EXPORTER_JAR ]] || die "build did not produce $EXPORTER_JAR"
[[ -f $ACTUATOR_JAR ]] || die "build did not produce $ACTUATOR_JAR"
[[ -f $FIXTURES_JAR ]] || die "build did not produce $FIXTURES_JAR"

# ---------------------------------------------------------------- output, processes
RUN_ID=$(date +%Y%m%d-%H%M%S)
OUT=$REPO/bench-out/msr-exporter/$RUN_ID
mkdir -p "$OUT"
ln -sfn "$RUN_ID" "$REPO/bench-out/msr-exporter/latest"

PIDS=()
cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do   # stop_pid edits PIDS; this loop iterates over a copy
        stop_pid "$pid"
    done
    rm -rf "$OUT/quarkus-app"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# wait_ready NAME PID URL START: until URL answers 200 (60 s at most); prints seconds since START
wait_ready() {
    local name=$1 pid=$2 url=$3 start=$4 i
    for i in $(seq 3000); do
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$OUT/$name.log" >&2; die "$name exited during start-up (log: $OUT/$name.log)"; }
        if curl -sf -o /dev/null "$url"; then
            awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }'
            return
        fi
        sleep 0.02
    done
    tail -n 30 "$OUT/$name.log" >&2
    die "$name not ready at $url after 60 s (log: $OUT/$name.log)"
}

# started NAME URL START: the process this shell just started in the background ($!) is NAME; waits
# until URL answers. Sets SERVER_PID and STARTUP_S (seconds since START).
started() {
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    STARTUP_S=$(wait_ready "$1" "$SERVER_PID" "$2" "$3")
}

status_kib() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }

note_load

# ---------------------------------------------------------------- fixture tree and preload library
log "fixture tree $MACHINE"
CP_FILE=$OUT/test-fixtures.classpath
(cd "$REPO" && ./mvnw -q -pl test-fixtures dependency:build-classpath -Dmdep.outputFile="$CP_FILE") \
    || die "cannot resolve the test-fixtures class path (try: $0 --build)"
TREE=$OUT/fixture-$MACHINE
rm -rf "$TREE"
FIXTURE_INFO=$(java -cp "$FIXTURES_JAR:$(cat "$CP_FILE")" io.escheduler.testing.FixtureCli "$MACHINE" "$TREE")
echo "$FIXTURE_INFO" >&2
TREE=$(realpath "$TREE")
CPUS=$(sed -n 's/^.*: \([0-9]*\) CPUs.*$/\1/p' <<<"$FIXTURE_INFO")
SHORT=${MACHINE##*-}
[[ -d $TREE/sys/class/powercap ]] || die "fixture $MACHINE has no powercap tree: node_exporter's rapl collector has nothing to read"

# Private copies of the packaged agents, so that a rebuild during the run cannot change what is measured.
cp -a "$(dirname "$EXPORTER_JAR")" "$OUT/quarkus-app"
EXPORTER_JAR=$OUT/quarkus-app/quarkus-run.jar
cp -a "$(dirname "$ACTUATOR_JAR")" "$OUT/actuator-app"
ACTUATOR_JAR=$OUT/actuator-app/quarkus-run.jar

PRELOAD=$OUT/msr-fixture-preload.so
gcc -shared -fPIC -O2 -o "$PRELOAD" "$PRELOAD_SRC" -ldl || die "cannot compile $PRELOAD_SRC"

# ---------------------------------------------------------------- one exporter
# start_exporter NAME KIND(msr-exporter|node_exporter) SOURCE: sets SERVER_PID, PORT, STARTUP_S.
# For node_exporter SOURCE is the list of collectors, e.g. "rapl" or "rapl cpufreq".
start_exporter() {
    local name=$1 kind=$2 source=$3 start
    PORT=$(free_port)
    start=$(date +%s.%N)
    if [[ $kind == node_exporter ]]; then
        local collectors=() c
        for c in $source; do collectors+=("--collector.$c"); done
        "$NODE_EXPORTER" --collector.disable-defaults "${collectors[@]}" \
            --path.sysfs="$TREE/sys" --path.procfs="$TREE/proc" \
            --web.listen-address="127.0.0.1:$PORT" >"$OUT/$name.log" 2>&1 &
        started "$name" "http://127.0.0.1:$PORT/metrics" "$start"
    else
        local preload=() fixture_root=() frequencies=package
        if [[ $source == *-rapl-only ]]; then   # the RAPL series only, as node_exporter's rapl collector
            source=${source%-rapl-only}
            frequencies=off
        elif [[ $source == *-per-cpu ]]; then   # three frequency series per CPU, as node_exporter's cpufreq collector
            source=${source%-per-cpu}
            frequencies=cpu
        fi
        if [[ $source == msr ]]; then
            preload=("LD_PRELOAD=$PRELOAD")
            fixture_root=("MSR_FIXTURE_ROOT=$TREE")
        fi
        env "${preload[@]}" "${fixture_root[@]}" \
            MSR_EXPORTER_ADDRESS="127.0.0.1:$PORT" \
            MSR_EXPORTER_SOURCE="$source" \
            MSR_EXPORTER_SYSFS_ROOT="$TREE/sys" \
            MSR_EXPORTER_PROCFS_ROOT="$TREE/proc" \
            MSR_EXPORTER_INTERFACE="$TREE/dev/cpu/%d/msr" \
            MSR_EXPORTER_NODE_NAME=bench \
            MSR_EXPORTER_CPU_FREQUENCY_METRICS="$frequencies" \
            MALLOC_ARENA_MAX="$MALLOC_ARENAS" \
            java $BENCH_JAVA_OPTS -jar "$EXPORTER_JAR" >"$OUT/$name.log" 2>&1 &
        started "$name" "http://127.0.0.1:$PORT/q/health/ready" "$start"
    fi
}

# run_wrk SECONDS URL OUTPUT [WRK OPTIONS...]: in the background, so that a signal stops the script at once
run_wrk() {
    wrk -t1 -c"$BENCH_CONNECTIONS" -d"${1}s" --latency "${@:4}" "$2" >"$3" &
    local pid=$!
    PIDS+=("$pid")
    wait "$pid" || die "wrk failed (exit $?): $(cat "$3")"
    stop_pid "$pid"   # only takes it off PIDS: it has exited
}

# median of the numbers on stdin, one a line
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# node_exporter's cpufreq collector (optional fourth row: about the same content as msr-exporter,
# which exports per-CPU frequencies too) needs cpufreq/related_cpus and scaling_setspeed.
CPUFREQ_NOTE=
cpufreq_complete() { [[ -f $TREE/sys/devices/system/cpu/cpu0/cpufreq/related_cpus && -f $TREE/sys/devices/system/cpu/cpu0/cpufreq/scaling_setspeed ]]; }
if [[ $BENCH_NODE_CPUFREQ == patch ]] && ! cpufreq_complete && [[ -d $TREE/sys/devices/system/cpu/cpu0/cpufreq ]]; then
    for dir in "$TREE"/sys/devices/system/cpu/cpu[0-9]*/cpufreq; do
        cpu=${dir%/cpufreq}; cpu=${cpu##*/cpu}
        [[ -f $dir/related_cpus ]] || echo "$cpu" >"$dir/related_cpus"
        [[ -f $dir/scaling_setspeed ]] || echo "<unsupported>" >"$dir/scaling_setspeed"
    done
    CPUFREQ_NOTE="(cpufreq/related_cpus and scaling_setspeed added to the generated tree by BENCH_NODE_CPUFREQ=patch)"
fi

# The contestants: id, label, kind, source (node_exporter: its collectors)
NAMES=(msr-exporter-powercap-rapl node_exporter-rapl msr-exporter-powercap msr-exporter-msr msr-exporter-powercap-cpu)
LABELS=("msr-exporter powercap, RAPL only" "node_exporter rapl ($SHORT)" "msr-exporter powercap ($SHORT)" "msr-exporter msr ($SHORT, $CPUS)"
    "msr-exporter powercap, per CPU")
KINDS=(msr-exporter node_exporter msr-exporter msr-exporter msr-exporter)
SOURCES=(powercap-rapl-only rapl powercap msr powercap-per-cpu)
if [[ $BENCH_NODE_CPUFREQ != off ]] && cpufreq_complete; then
    NAMES+=(node_exporter-rapl-cpufreq); LABELS+=("node_exporter rapl+cpufreq ($SHORT)")
    KINDS+=(node_exporter); SOURCES+=("rapl cpufreq")
elif [[ $BENCH_NODE_CPUFREQ != off ]]; then
    CPUFREQ_NOTE="node_exporter rapl+cpufreq not run: the fixture's cpufreq directories lack related_cpus/scaling_setspeed, without which node_exporter's cpufreq collector fails (BENCH_NODE_CPUFREQ=patch adds them to the generated tree)"
fi

# 1. start every exporter, take its first scrape, warm it up. They stay up (idle) until the end,
#    so that the measured rounds can alternate between them.
SPIDS=() SPORTS=() STARTUPS=() FIRSTS=()
for i in "${!NAMES[@]}"; do
    name=${NAMES[$i]}
    log "$name: starting"
    start_exporter "$name" "${KINDS[$i]}" "${SOURCES[$i]}"
    log "$name: ready in ${STARTUP_S}s on port $PORT (pid $SERVER_PID)"
    SPIDS+=("$SERVER_PID"); SPORTS+=("$PORT"); STARTUPS+=("$STARTUP_S")
    FIRSTS+=("$(curl -sf -o "$OUT/$name.metrics" -w '%{time_total}' "http://127.0.0.1:$PORT/metrics" | awk '{ printf "%.1f", $1 * 1000 }')")
    if [[ $BENCH_WARMUP_SECONDS -gt 0 ]]; then
        log "$name: warm-up ${BENCH_WARMUP_SECONDS}s"
        run_wrk "$BENCH_WARMUP_SECONDS" "http://127.0.0.1:$PORT/metrics" "$OUT/$name.warmup.wrk.txt"
    fi
done

# 2. measured rounds: every exporter once per round (order reversed every other round), so that
#    load from elsewhere on the host falls on all of them alike.
: >"$OUT/rounds.tsv"
ORDER=("${!NAMES[@]}")
for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    order=("${ORDER[@]}")
    if ((round % 2 == 0)); then
        order=(); for ((k = ${#ORDER[@]} - 1; k >= 0; k--)); do order+=("${ORDER[$k]}"); done
    fi
    for i in "${order[@]}"; do
        name=${NAMES[$i]} pid=${SPIDS[$i]}
        wrk_out=$OUT/$name.round$round.wrk.txt
        sleep 1   # let the previous run's connections close and GC settle
        kill -0 "$pid" 2>/dev/null || { tail -n 30 "$OUT/$name.log" >&2; die "$name (pid $pid) has exited (log: $OUT/$name.log)"; }
        log "$name: round $round/$BENCH_ROUNDS, ${BENCH_SECONDS}s (wrk -t1 -c$BENCH_CONNECTIONS)"
        before=$(cpu_ticks "$pid")
        run_wrk "$BENCH_SECONDS" "http://127.0.0.1:${SPORTS[$i]}/metrics" "$wrk_out"
        after=$(cpu_ticks "$pid")
        p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$wrk_out")")
        p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$wrk_out")")
        rps=$(awk '$1 == "Requests/sec:" { print $2 }' "$wrk_out")
        requests=$(awk '$2 == "requests" && $3 == "in" { print $1 }' "$wrk_out")
        [[ -n $requests && $requests -gt 0 ]] || { cat "$wrk_out" >&2; die "$name: wrk completed no request"; }
        errors=$(awk '/Non-2xx or 3xx responses:/ { n += $NF } /Socket errors:/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' "$wrk_out")
        [[ $errors == 0 ]] || echo "WARNING: $name: $errors failed requests (see $wrk_out)" >&2
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$p50" "$p99" "$rps" "$requests" "$((after - before))" "$errors" \
            >>"$OUT/rounds.tsv"
    done
done

# 3. per exporter: medians over the rounds, CPU over all rounds, memory after them
: >"$OUT/results.tsv"
for i in "${!NAMES[@]}"; do
    name=${NAMES[$i]} pid=${SPIDS[$i]}
    col() { awk -F'\t' -v n="$name" -v c="$1" '$1 == n { print $c }' "$OUT/rounds.tsv"; }
    p50=$(col 3 | median) p99=$(col 4 | median) rps=$(col 5 | median)
    requests=$(col 6 | awk '{ s += $1 } END { print s }')
    ticks=$(col 7 | awk '{ s += $1 } END { print s }')
    errors=$(col 8 | awk '{ s += $1 } END { print s }')
    cpu_per_1000=$(awk -v t="$ticks" -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.4f", t / hz / n * 1000 }')
    rss=$(status_kib "$pid" VmRSS) hwm=$(status_kib "$pid" VmHWM)
    body_bytes=$(wc -c <"$OUT/$name.metrics")
    series=$(grep -vc '^#' "$OUT/$name.metrics" || true)
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$p50" "$p99" "$rps" "$cpu_per_1000" \
        "$((rss / 1024))" "$((hwm / 1024))" "${STARTUPS[$i]}" "${FIRSTS[$i]}" "$body_bytes" "$series" "$requests" "$errors" \
        "${LABELS[$i]}" >>"$OUT/results.tsv"
done
# 4. paced: the default configuration and node_exporter rapl at the same request rate (each of the
#    BENCH_CONNECTIONS connections waits BENCH_PACE_MS between an answer and its next request), in
#    alternation, so that the tail compares the servers at equal load rather than wrk's own CPU use at
#    each one's top rate. Rounds as above.
printf 'function delay()\n  return %s\nend\n' "$BENCH_PACE_MS" >"$OUT/pace.lua"
: >"$OUT/paced.tsv"
PACED=(2 1)   # indices in NAMES: msr-exporter powercap (the default configuration), node_exporter rapl
for ((round = 1; round <= BENCH_ROUNDS; round++)); do
    for i in "${PACED[@]}"; do
        name=${NAMES[$i]} pid=${SPIDS[$i]}
        wrk_out=$OUT/$name.paced$round.wrk.txt
        sleep 1
        log "$name: paced round $round/$BENCH_ROUNDS, ${BENCH_SECONDS}s, ${BENCH_PACE_MS} ms between requests"
        run_wrk "$BENCH_SECONDS" "http://127.0.0.1:${SPORTS[$i]}/metrics" "$wrk_out" -s "$OUT/pace.lua"
        printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$round" "$(to_ms "$(awk '$1 == "50%" { print $2 }' "$wrk_out")")" \
            "$(to_ms "$(awk '$1 == "99%" { print $2 }' "$wrk_out")")" "$(awk '$1 == "Requests/sec:" { print $2 }' "$wrk_out")" >>"$OUT/paced.tsv"
    done
    PACED=("${PACED[1]}" "${PACED[0]}")
done
for pid in "${SPIDS[@]}"; do stop_pid "$pid"; done

# ---------------------------------------------------------------- energy values must agree
# "domain/package value" from each exporter's first scrape
msr_exporter_energy() {
    awk '/^rapl_energy_joules_total\{/ {
        d = $0; sub(/.*domain="/, "", d); sub(/".*/, "", d)
        p = $0; if (p ~ /package="/) { sub(/.*package="/, "", p); sub(/".*/, "", p) } else p = ""
        print d "/" p, $NF }' "$OUT/$1.metrics" | sort
}
node_exporter_energy() {
    awk '/^node_rapl_[a-z0-9_]*_joules_total\{/ {
        d = $1; sub(/^node_rapl_/, "", d); sub(/_joules_total.*/, "", d)
        p = $0; sub(/.*index="/, "", p); sub(/".*/, "", p)
        print d "/" p, $NF }' "$OUT/$1.metrics" | sort
}
node_exporter_energy node_exporter-rapl >"$OUT/energy.node_exporter.txt"
msr_exporter_energy msr-exporter-powercap >"$OUT/energy.msr-exporter-powercap.txt"
msr_exporter_energy msr-exporter-msr >"$OUT/energy.msr-exporter-msr.txt"
[[ -s $OUT/energy.node_exporter.txt ]] || echo "WARNING: node_exporter exported no node_rapl_*_joules_total series (see $OUT/node_exporter-rapl.metrics)" >&2

ENERGY_REPORT=$(join -a1 -a2 -e - -o 0,1.2,1.3,2.2 \
    <(join -a1 -a2 -e - -o 0,1.2,2.2 "$OUT/energy.node_exporter.txt" "$OUT/energy.msr-exporter-powercap.txt") \
    "$OUT/energy.msr-exporter-msr.txt" | awk '
    function close_to(a, b, tol) { return a != "-" && b != "-" && (a - b <= tol && b - a <= tol) }
    BEGIN { printf "%-14s %18s %18s %18s  %s\n", "zone", "node_exporter", "msr-exp powercap", "msr-exp msr", "check"; bad = 0 }
    {
        check = "ok"
        if ($2 == "-" || $3 == "-") { check = "MISSING in " ($2 == "-" ? "node_exporter" : "msr-exporter powercap"); if ($2 != "-" || $3 != "-") bad++ }
        else if (!close_to($2, $3, 1e-6 * ($2 > 1 ? $2 : 1))) { check = "DIFFER (powercap)"; bad++ }
        if ($4 == "-") check = check ", not from msr"
        else if ($2 != "-" && !close_to($2, $4, 0.001)) check = check ", msr differs by " ($4 - $2) " J"
        if ($2 == "-" && $3 == "-") check = "msr only"
        printf "%-14s %18s %18s %18s  %s\n", $1, $2, $3, $4, check
    }
    END { exit bad > 0 }') && ENERGY_OK=1 || ENERGY_OK=0

# ---------------------------------------------------------------- footprint: start-up and memory
# Each agent as shipped, started BENCH_STARTS times on its own: time from launch to ready and the CPU
# seconds it used by then; the last start stays up for the memory rows: resident memory idle (5 s
# after ready), then after BENCH_SCRAPES sequential scrapes (msr-exporter, node_exporter) or
# BENCH_ACTUATOR_REQUESTS API requests (node-actuator), on one kept-alive connection.

# cpu_seconds PID
cpu_seconds() { awk -v t="$(cpu_ticks "$1")" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }'; }
mib() { awk -v k="$2:" '$1 == k { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# The actuator writes cpufreq and powercap: its own copy of the fixture's sysfs and procfs (no MSR
# files: power limits through powercap), a token file, token-file authentication, no API server.
ACTUATOR_TREE=$OUT/actuator-tree
ACTUATOR_TOKEN=bench-$RANDOM$RANDOM
start_actuator() {
    local name=$1 start
    rm -rf "$ACTUATOR_TREE"
    mkdir -p "$ACTUATOR_TREE"
    cp -a "$TREE/sys" "$TREE/proc" "$ACTUATOR_TREE/"
    echo "$ACTUATOR_TOKEN bench" >"$ACTUATOR_TREE/tokens"
    PORT=$(free_port)
    start=$(date +%s.%N)
    env QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$PORT" \
        NODE_ACTUATOR_NODE_NAME=bench \
        NODE_ACTUATOR_SYSFS_ROOT="$ACTUATOR_TREE/sys" \
        NODE_ACTUATOR_PROCFS_ROOT="$ACTUATOR_TREE/proc" \
        NODE_ACTUATOR_POWER_LIMIT_INTERFACE=powercap \
        NODE_ACTUATOR_STATE_FILE="$ACTUATOR_TREE/state/state.json" \
        NODE_ACTUATOR_AUTH_MODE=token-file \
        NODE_ACTUATOR_AUTH_TOKEN_FILE="$ACTUATOR_TREE/tokens" \
        NODE_ACTUATOR_ANNOTATIONS_ENABLED=false \
        MALLOC_ARENA_MAX="$ACTUATOR_MALLOC_ARENAS" \
        java $BENCH_ACTUATOR_JAVA_OPTS -jar "$ACTUATOR_JAR" >"$OUT/$name.log" 2>&1 &
    started "$name" "http://127.0.0.1:$PORT/q/health/ready" "$start"
}

# scrape_n PORT N: N sequential scrapes of /metrics on one connection; prints how many answered 200
scrape_n() {
    curl -s -w '%{stderr}%{http_code}\n' "http://127.0.0.1:$1/metrics?n=[1-$2]" 2>&1 >/dev/null | grep -c '^200$' || true
}

# actuate_n PORT N: N requests (PUT /v1/cpufreq min, POST /v1/restore, GET /v1/state, GET /metrics, in
# turn) on one connection; prints how many answered 200
actuate_n() {
    local config=$OUT/actuator-requests.curl i base="http://127.0.0.1:$1"
    : >"$config"
    for ((i = 0; i < $2; i++)); do
        case $((i % 4)) in
            0) printf 'url = "%s/v1/cpufreq"\nrequest = "PUT"\nheader = "Content-Type: application/json"\ndata = "{\\"ceiling\\": \\"min\\"}"\n' "$base" ;;
            1) printf 'url = "%s/v1/restore"\nrequest = "POST"\n' "$base" ;;
            2) printf 'url = "%s/v1/state"\n' "$base" ;;
            3) printf 'url = "%s/metrics"\n' "$base" ;;
        esac
        printf 'header = "Authorization: Bearer %s"\noutput = "/dev/null"\nwrite-out = "%%{stderr}%%{http_code}\\n"\nnext\n' "$ACTUATOR_TOKEN"
    done >>"$config"
    curl -s -K "$config" 2>&1 >/dev/null | grep -c '^200$' || true
}

FOOT_NAMES=(msr-exporter node_exporter-rapl node-actuator)
FOOT_LABELS=("msr-exporter (shipped, per package)" "node_exporter rapl" "node-actuator (shipped, token file)")
: >"$OUT/footprint.tsv"
for i in "${!FOOT_NAMES[@]}"; do
    name=${FOOT_NAMES[$i]}
    starts=() cpus=()
    for ((n = 1; n <= BENCH_STARTS; n++)); do
        log "$name: start $n/$BENCH_STARTS"
        case $name in
            msr-exporter) start_exporter "$name.start$n" msr-exporter powercap ;;
            node_exporter-rapl) start_exporter "$name.start$n" node_exporter rapl ;;
            node-actuator) start_actuator "$name.start$n" ;;
        esac
        starts+=("$STARTUP_S") cpus+=("$(cpu_seconds "$SERVER_PID")")
        ((n == BENCH_STARTS)) || stop_pid "$SERVER_PID"
    done
    sleep 5
    idle=$(mib "$SERVER_PID" VmRSS)
    if [[ $name == node-actuator ]]; then
        what="$BENCH_ACTUATOR_REQUESTS requests"
        ok=$(actuate_n "$PORT" "$BENCH_ACTUATOR_REQUESTS")
        total=$BENCH_ACTUATOR_REQUESTS
    else
        what="$BENCH_SCRAPES scrapes"
        ok=$(scrape_n "$PORT" "$BENCH_SCRAPES")
        total=$BENCH_SCRAPES
    fi
    [[ $ok == "$total" ]] || echo "WARNING: $name: $ok of $total requests answered 200 (log: $OUT/$name.start$BENCH_STARTS.log)" >&2
    after=$(mib "$SERVER_PID" VmRSS) hwm=$(mib "$SERVER_PID" VmHWM) threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$SERVER_PID/status")
    stop_pid "$SERVER_PID"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$(printf '%s\n' "${starts[@]}" | median)" \
        "$(printf '%s\n' "${cpus[@]}" | median)" "$idle" "$after" "$hwm" "$threads" "$what" "$ok" "${FOOT_LABELS[$i]}" >>"$OUT/footprint.tsv"
done

# ---------------------------------------------------------------- report
{
    rounds="${BENCH_SECONDS}s measured"
    [[ $BENCH_ROUNDS == 1 ]] || rounds="$BENCH_ROUNDS rounds of ${BENCH_SECONDS}s measured (medians; CPU over all rounds)"
    echo "msr-exporter scrape benchmark: fixture $MACHINE ($CPUS CPUs), wrk -t1 -c$BENCH_CONNECTIONS, ${BENCH_WARMUP_SECONDS}s warm-up, $rounds"
    echo "host: $(nproc) CPUs, $(uname -r), $(java -version 2>&1 | head -n1), $("$NODE_EXPORTER" --version 2>&1 | head -n1)"
    echo "load average at start: $LOAD_AT_START   (other work on the host skews the tail latencies)"
    echo
    awk -F'\t' '
        BEGIN { printf "%-34s %8s %8s %9s %20s %8s %8s\n", "", "p50 ms", "p99 ms", "req/s", "CPU s/1000 scrapes", "RSS MiB", "HWM MiB" }
        { printf "%-34s %8.3f %8.3f %9.0f %20.3f %8d %8d\n", $14, $2, $3, $4, $5, $6, $7
          p99[$1] = $3; cpu[$1] = $5 }
        END {
            r = "msr-exporter-powercap-rapl"; b = "node_exporter-rapl"; a = "msr-exporter-powercap"; c = "msr-exporter-powercap-cpu"
            d = "node_exporter-rapl-cpufreq"
            printf "default configuration (msr-exporter, frequencies per package, vs node_exporter rapl): p99 ratio %.2f (goal <= 0.5: %s), CPU ratio %.2f (goal <= 1.0: %s)\n",
                p99[a] / p99[b], p99[a] <= 0.5 * p99[b] ? "met" : "NOT met", cpu[a] / cpu[b], cpu[a] <= cpu[b] ? "met" : "NOT met"
            printf "same content, RAPL only (msr-exporter cpu-frequency-metrics=off vs node_exporter rapl): p99 ratio %.2f, CPU ratio %.2f\n",
                p99[r] / p99[b], cpu[r] / cpu[b]
            printf "more content (msr-exporter with per-CPU frequencies vs node_exporter rapl): p99 ratio %.2f, CPU ratio %.2f\n", p99[c] / p99[b], cpu[c] / cpu[b]
            if (d in p99) printf "same content, RAPL + per-CPU frequency (vs node_exporter rapl+cpufreq): p99 ratio %.2f, CPU ratio %.2f\n", p99[c] / p99[d], cpu[c] / cpu[d]
        }' "$OUT/results.tsv"
    [[ -z $CPUFREQ_NOTE ]] || echo "$CPUFREQ_NOTE"
    if [[ $BENCH_ROUNDS != 1 ]]; then
        echo "p99 ms per round:"
        for i in "${!NAMES[@]}"; do
            printf '  %-32s %s\n' "${LABELS[$i]}" "$(awk -F'\t' -v n="${NAMES[$i]}" '$1 == n { printf "%8.3f", $4 }' "$OUT/rounds.tsv")"
        done
    fi
    echo
    echo "paced: ${BENCH_PACE_MS} ms between an answer and the next request on each of the $BENCH_CONNECTIONS connections (medians over the rounds)"
    awk -F'\t' '
        { p50[$1] = p50[$1] " " $3; p99[$1] = p99[$1] " " $4; rps[$1] = rps[$1] " " $5 }
        function median(list,    v, n, i, j, t) {
            n = split(list, v, " ")
            for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
            return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
        }
        END {
            printf "%-34s %8s %8s %9s\n", "", "p50 ms", "p99 ms", "req/s"
            a = "msr-exporter-powercap"; b = "node_exporter-rapl"
            printf "%-34s %8.3f %8.3f %9.0f\n", "msr-exporter powercap (default)", median(p50[a]), median(p99[a]), median(rps[a])
            printf "%-34s %8.3f %8.3f %9.0f\n", "node_exporter rapl", median(p50[b]), median(p99[b]), median(rps[b])
            printf "default configuration at the same rate: p99 ratio %.2f (goal <= 0.5: %s), p50 ratio %.2f\n",
                median(p99[a]) / median(p99[b]), median(p99[a]) <= 0.5 * median(p99[b]) ? "met" : "NOT met", median(p50[a]) / median(p50[b])
        }' "$OUT/paced.tsv"
    echo
    awk -F'\t' '
        BEGIN { printf "%-34s %10s %16s %11s %8s %10s %7s\n", "", "start-up s", "1st scrape ms", "body bytes", "series", "requests", "errors" }
        { printf "%-34s %10.2f %16.1f %11d %8d %10d %7d\n", $14, $8, $9, $10, $11, $12, $13 }' "$OUT/results.tsv"
    [[ -z $BENCH_JAVA_OPTS ]] || echo "msr-exporter JVM options: $BENCH_JAVA_OPTS (MALLOC_ARENA_MAX=$MALLOC_ARENAS)"
    echo
    echo "footprint: start-up = median of $BENCH_STARTS launches to ready (CPU s used by then); RSS idle 5 s after ready, then after the requests"
    awk -F'\t' '
        BEGIN { printf "%-38s %10s %7s %13s %14s %8s %8s  %s\n", "", "start-up s", "CPU s", "RSS idle MiB", "RSS after MiB", "HWM MiB", "threads", "after" }
        { printf "%-38s %10.2f %7.2f %13.1f %14.1f %8.1f %8d  %s (%d answered 200)\n", $10, $2, $3, $4, $5, $6, $7, $8, $9
          start[$1] = $2; idle[$1] = $4; after[$1] = $5 }
        END {
            e = "msr-exporter"; n = "node_exporter-rapl"; a = "node-actuator"
            printf "msr-exporter: RSS after the scrapes %.1f MiB (goal <= 64: %s), %.1fx node_exporter; start-up %.2f s (goal <= 1.5: %s)\n",
                after[e], after[e] <= 64 ? "met" : "NOT met", after[e] / after[n], start[e], start[e] <= 1.5 ? "met" : "NOT met"
            printf "node-actuator: RSS idle %.1f MiB, after the requests %.1f MiB (goal <= 80: %s); start-up %.2f s (goal <= 1.5: %s)\n",
                idle[a], after[a], idle[a] <= 80 && after[a] <= 80 ? "met" : "NOT met", start[a], start[a] <= 1.5 ? "met" : "NOT met"
        }' "$OUT/footprint.tsv"
    echo "node-actuator JVM options: $BENCH_ACTUATOR_JAVA_OPTS (MALLOC_ARENA_MAX=$ACTUATOR_MALLOC_ARENAS)"
    echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
    echo "energy counters (joules, first scrape of each exporter; node_exporter and msr-exporter powercap must agree):"
    echo "$ENERGY_REPORT"
    [[ $ENERGY_OK == 1 ]] && echo "energy check: ok" || echo "energy check: FAILED"
    echo
    echo "raw outputs: $OUT"
} | tee "$OUT/summary.txt"

[[ $ENERGY_OK == 1 ]]
