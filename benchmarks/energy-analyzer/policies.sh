#!/usr/bin/env bash
# Power-policy planning benchmark: time to plan all seven policies of seed 2 (and the safety rails) over a
# synthetic snapshot of 5000 nodes and 150 000 pods, each policy alone too, and the conversion of the informers'
# objects into that snapshot (JMH, average ms per plan).
# Goal: "kube" + "all" <= 200 ms. See the "Power-policy planning" section of README.md beside this file.
#
#   benchmarks/energy-analyzer/policies.sh [JMH options]
#   e.g. benchmarks/energy-analyzer/policies.sh -p policy=all -p nodes=10000 -p pods=300000
#        benchmarks/energy-analyzer/policies.sh -wi 2 -i 3          (quicker, noisier)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
out="$repo/bench-out/energy-analyzer-policies"
mkdir -p "$out"

./mvnw -q -B -pl energy-analyzer -am install -DskipTests
cp_file="$out/classpath.txt"
./mvnw -q -B -pl energy-analyzer dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$repo/energy-analyzer/target/test-classes:$repo/energy-analyzer/target/classes:$(cat "$cp_file")"

java -cp "$classpath" org.openjdk.jmh.Main 'io.escheduler.analyzer.bench.PoliciesBenchmark' \
  -rf json -rff "$out/result.json" "$@" | tee "$out/result.txt"
echo
echo "ms per plan in the Score column (\"all\": the seven policies and the rails, \"kube\": a cycle's snapshot from the informers' objects,"
echo "\"kube-cold\": the first cycle's, every pod converted;"
echo "goal: kube + all <= 200 ms); raw results in $out"
