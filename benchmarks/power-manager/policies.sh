#!/usr/bin/env bash
# Power-policy planning benchmark: time to plan all seven policies of seed 2 (and the safety rails) over a
# synthetic snapshot of 5000 nodes and 150 000 pods, each policy alone too, and the conversion of the informers'
# objects into that snapshot (JMH, average ms per plan).
# Goal: "kube" + "all" <= 200 ms. See README.md beside this file.
#
#   benchmarks/power-manager/policies.sh [JMH options]
#   e.g. benchmarks/power-manager/policies.sh -p policy=all -p nodes=10000 -p pods=300000
#        benchmarks/power-manager/policies.sh -wi 2 -i 3          (quicker, noisier)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
out="$repo/bench-out/power-manager-policies"
mkdir -p "$out"

./mvnw -q -B -pl power-manager -am install -DskipTests
cp_file="$out/classpath.txt"
./mvnw -q -B -pl power-manager dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$repo/power-manager/target/test-classes:$repo/power-manager/target/classes:$(cat "$cp_file")"

java -cp "$classpath" org.openjdk.jmh.Main 'io.escheduler.powermanager.bench.PoliciesBenchmark' \
  -rf json -rff "$out/result.json" "$@" | tee "$out/result.txt"
echo
echo "ms per plan in the Score column (\"all\": the seven policies and the rails, \"kube\": a cycle's snapshot from the informers' objects,"
echo "\"kube-cold\": the first cycle's, every pod converted;"
echo "goal: kube + all <= 200 ms); raw results in $out"
