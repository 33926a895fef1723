#!/usr/bin/env bash
# kube-scheduler benchmark: pods per second placed by a real kube-scheduler (built from k8s.io/kubernetes, the
# control plane of the end-to-end tests) with the repository's second-scheduler configuration, the packaged
# scheduler-extender in the loop (filter, prioritize, bind), against the same configuration without its extenders,
# side by side on one control plane, at 1000 and 5000 nodes. See README.md beside this file.
#
#   benchmarks/kube-scheduler/run.sh [--build]
#
# Environment: BENCH_NODES (default "1000 5000"), BENCH_PODS (pods per run, default 2000), BENCH_ROUNDS (runs of
# each arm, alternating, default 2), BENCH_QPS (kube-scheduler's client qps and burst, default 1000), BENCH_PROFILE=1
# (CPU profiles in the run's directory: kube-scheduler's, 8 s of each arm's first round, for `go tool pprof`; the
# extender's, a JFR recording of the whole run, for `jfr print` or JDK Mission Control), BENCH_NULL_EXTENDER=1 (a
# third arm: the null extender of null-extender/, filter and prioritize answered from the request in Go, no bind:
# what the protocol itself costs).
set -euo pipefail
export LC_ALL=C

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
parse_args "$@"

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
BENCH_NODES=${BENCH_NODES:-1000 5000}
BENCH_PODS=${BENCH_PODS:-2000}
BENCH_ROUNDS=${BENCH_ROUNDS:-2}
BENCH_QPS=${BENCH_QPS:-1000}
for n in BENCH_PODS BENCH_ROUNDS BENCH_QPS; do
    [[ ${!n} =~ ^[0-9]+$ && ${!n} -gt 0 ]] || die "$n must be a positive integer"
done
for n in $BENCH_NODES; do [[ $n =~ ^[0-9]+$ && $n -gt 0 ]] || die "BENCH_NODES must hold positive integers"; done

need java "install a JDK 17 or newer"
bash "$REPO/test-fixtures/src/main/go/control-plane/build.sh" --check || exit 1

if [[ $BUILD == 1 || ! -f $REPO/scheduler-extender/target/quarkus-app/quarkus-run.jar \
      || ! -f $REPO/kubernetes/target/test-classes/io/escheduler/kubernetes/SchedulerThroughputBenchmark.class ]]; then
    log "building (./mvnw -q -pl scheduler-extender,kubernetes -am install -DskipTests, then the kubernetes test classes)"
    (cd "$REPO" && ./mvnw -q -pl test-fixtures,node-hardware,scheduler-extender -am install -DskipTests \
        && ./mvnw -q -pl kubernetes test-compile)
fi
log "the control plane (built once into ~/.cache/escheduler/control-plane: about 730 CPU-seconds the first time)"
bash "$REPO/test-fixtures/src/main/go/control-plane/build.sh" >/dev/null

RUN_ID=$(date +%Y%m%d-%H%M%S)
OUT=$REPO/bench-out/kube-scheduler/$RUN_ID
mkdir -p "$OUT"
ln -sfn "$RUN_ID" "$REPO/bench-out/kube-scheduler/latest"
CLASSPATH_FILE=$OUT/classpath
(cd "$REPO" && ./mvnw -q -pl kubernetes dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$CLASSPATH_FILE" >/dev/null) || die "cannot compute the test classpath"

note_load
log "results in $OUT"
# the harness finds the packaged extender and the checkout from its working directory
cd "$REPO/kubernetes"
# shellcheck disable=SC2086
PROFILE=()
if [[ ${BENCH_PROFILE:-0} == 1 ]]; then PROFILE=(-Dbench.profile="$OUT"); fi
if [[ ${BENCH_NULL_EXTENDER:-0} == 1 ]]; then
    (cd "$HERE/null-extender" && go build -o "$OUT/null-extender" .) || die "cannot build the null extender"
    PROFILE+=(-Dbench.null-extender="$OUT/null-extender")
fi
java "${PROFILE[@]}" -Dbench.pods="$BENCH_PODS" -Dbench.rounds="$BENCH_ROUNDS" -Dbench.qps="$BENCH_QPS" \
    -cp "$REPO/kubernetes/target/test-classes:$(cat "$CLASSPATH_FILE")" \
    io.escheduler.kubernetes.SchedulerThroughputBenchmark $BENCH_NODES | tee "$OUT/results.txt"
