#!/usr/bin/env bash
# node-actuator benchmark: latency of set + read-back + restore on the 128-CPU fixture node
# (JMH, sample mode: p50/p99 per operation). Usage: benchmarks/node-actuator/run.sh [JMH options]
#   e.g. benchmarks/node-actuator/run.sh -f 1 -wi 2 -i 3      (quicker, noisier)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
out="$repo/bench-out/node-actuator"
mkdir -p "$out"

./mvnw -q -B -pl node-actuator -am install -DskipTests
cp_file="$out/classpath.txt"
./mvnw -q -B -pl node-actuator dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$repo/node-actuator/target/test-classes:$repo/node-actuator/target/classes:$(cat "$cp_file")"

preload="$out/msr-fixture-preload.so"
gcc -shared -fPIC -O2 -o "$preload" "$repo/test-fixtures/src/main/c/msr-fixture-preload.c" -ldl
fixtures="$out/fixtures"
rm -rf "$fixtures" && mkdir -p "$fixtures"
fixtures=$(cd "$fixtures" && pwd -P)

cd "$repo/node-actuator"   # the HTTP benchmark starts target/quarkus-app/quarkus-run.jar from here
LD_PRELOAD="$preload" MSR_FIXTURE_ROOT="$fixtures" \
  java -Dmsr.fixture.root="$fixtures" -Dmsr.fixture.preload="$preload" -cp "$classpath" \
  org.openjdk.jmh.Main 'io.escheduler.actuator.bench.ActuatorBenchmark' \
  -rf json -rff "$out/result.json" "$@" | tee "$out/result.txt"
echo
echo "p50/p99 per operation are the ·p0.50 and ·p0.99 rows above (ms); raw results in $out"
